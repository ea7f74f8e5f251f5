using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.Translation;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.Validation;

public class SessionAndCdrRulesTests
{
    private static string[] Problems(object model, OcpiVersion version) =>
        OcpiValidator.Validate(model, version).Select(p => p.ToString()).ToArray();

    private static V221.Session Session() => Translate.ReadExample<V221.Session>("2.2.1/session_example_1_simple_start.json");

    private static V230.Cdr Cdr() => Translate.ReadExample<V230.Cdr>("2.3.0/cdr_example.json") with { Tariffs = null };

    [Fact]
    public void A_session_names_no_evse_or_connector_only_while_it_is_a_reservation()
    {
        var unassigned = Session() with { EvseUid = "#NA", ConnectorId = "#NA" };

        Assert.Empty(Problems(Session(), OcpiVersion.V221));
        Assert.Empty(Problems(unassigned with { Status = SessionStatus.Reservation }, OcpiVersion.V221));
        Assert.Equal(
            ["$.evse_uid: #NA is only allowed for a session with status RESERVATION", "$.connector_id: #NA is only allowed for a session with status RESERVATION"],
            Problems(unassigned, OcpiVersion.V221));
    }

    [Fact]
    public void A_credit_cdr_references_the_cdr_it_credits_and_only_it_may_have_a_long_id()
    {
        Assert.Empty(Problems(Cdr(), OcpiVersion.V230));
        Assert.Empty(Problems(Cdr() with { Id = "12345-CREDIT-000000000000000000000001", Credit = true, CreditReferenceId = "12345" }, OcpiVersion.V230));
        Assert.Equal(["$.credit_reference_id: required for a credit CDR"], Problems(Cdr() with { Credit = true }, OcpiVersion.V230));
        Assert.Equal(["$.credit_reference_id: only allowed on a credit CDR (credit = true)"], Problems(Cdr() with { CreditReferenceId = "1" }, OcpiVersion.V230));
        Assert.Equal(["$.id: longer than 36 characters, allowed for credit CDRs only"], Problems(Cdr() with { Id = new string('1', 37) }, OcpiVersion.V230));
    }

    [Fact]
    public void Session_only_dimensions_are_rejected_in_a_cdr_of_either_version()
    {
        var period = new V230.ChargingPeriod
        {
            StartDateTime = DateTimeOffset.UnixEpoch,
            Dimensions = [new() { Type = CdrDimensionType.StateOfCharge, Volume = 80 }, new() { Type = CdrDimensionType.Energy, Volume = 1 }],
        };
        var v221 = Translate.ReadExample<V221.Cdr>("2.2.1/cdr_example.json") with { ChargingPeriods = [period] };

        Assert.Equal(["$.charging_periods: STATE_OF_CHARGE may be used in Sessions only"], Problems(Cdr() with { ChargingPeriods = [period] }, OcpiVersion.V230));
        Assert.Equal(["$.charging_periods: STATE_OF_CHARGE may be used in Sessions only"], Problems(v221, OcpiVersion.V221));
    }

    [Fact]
    public void A_2_1_1_cdr_needs_at_least_one_charging_period()
    {
        var cdr = Translate.Read<V211.Cdr>(Translate.Example("2.1.1/mod_cdrs.md#0").Replace("\"price\": \"2.00\"", "\"price\": 2.00"), OcpiVersion.V211);

        Assert.Contains("$.charging_periods: must hold at least one element", Problems(cdr with { ChargingPeriods = [] }, OcpiVersion.V211));
    }
}
