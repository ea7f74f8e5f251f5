using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class CdrTranslationTests
{
    private const string Cdr221 = "2.2.1/cdr_example.json";

    /// <summary>The 2.1.1 CDR example, with its tariff price written as the number the spec defines (erratum: "2.00").</summary>
    private static string Cdr211Json() => Translate.Example("2.1.1/mod_cdrs.md#0").Replace("\"price\": \"2.00\"", "\"price\": 2.00");

    [Fact]
    public void The_2_1_1_cdr_example_round_trips_losslessly()
    {
        var json = Cdr211Json();
        var (back, losses) = Translate.RoundTrip<Cdr, V230.Cdr>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_2_1_1_cdr_goes_up_with_a_cdr_location_and_token_then_down_to_2_2_1()
    {
        var up = new TranslationContext(HubStore.Cpo, new HubStore());
        var canonical = Translator.ToCanonical(Translate.Read<Cdr>(Cdr211Json(), OcpiVersion.V211), up);
        var down = new TranslationContext();
        var v221 = V221.Translator.FromCanonical(canonical, down);

        Assert.Equal(("BE", "BEC", "12345"), (v221.CountryCode, v221.PartyId, v221.Id));
        Assert.Equal(DateTimeOffset.Parse("2015-06-29T23:37:32Z", System.Globalization.CultureInfo.InvariantCulture), v221.EndDateTime);
        Assert.Equal(("DE", "TNM", "012345678"), (v221.CdrToken!.CountryCode, v221.CdrToken.PartyId, v221.CdrToken.Uid));
        Assert.Equal(new V230.CdrLocation
        {
            Id = "LOC1", Name = "Gent Zuid", Address = "F.Rooseveltlaan 3A", City = "Gent", PostalCode = "9000", Country = "BE",
            Coordinates = new() { Latitude = "3.729944", Longitude = "51.047599" },
            EvseUid = "3256", EvseId = "BE-BEC-E041503003", ConnectorId = "1",
            ConnectorStandard = ConnectorType.Iec62196T2, ConnectorFormat = ConnectorFormat.Socket, ConnectorPowerType = PowerType.Ac1Phase,
        }, v221.CdrLocation);
        Assert.Equal((4.00m, null), (v221.TotalCost!.ExclVat, v221.TotalCost.InclVat));
        var tariff = Assert.Single(v221.Tariffs!);
        Assert.Equal(("BE", "BEC", "12"), (tariff.CountryCode, tariff.PartyId, tariff.Id));
        // 2.2.1 reads a period without a tariff_id as one no tariff applied to: the CDR's only tariff applied to each.
        Assert.All(v221.ChargingPeriods!, period => Assert.Equal("12", period.TariffId));
        Assert.Empty(up.Losses);
        Assert.Empty(down.Losses);
    }

    [Fact]
    public void A_2_1_1_cdr_of_several_tariffs_goes_up_without_a_tariff_per_period_reported()
    {
        var cdr = Translate.Read<Cdr>(Cdr211Json(), OcpiVersion.V211);
        cdr = cdr with { Tariffs = [cdr.Tariffs![0], cdr.Tariffs[0] with { Id = "13" }] };
        var up = new TranslationContext(HubStore.Cpo, new HubStore());

        var canonical = Translator.ToCanonical(cdr, up);

        Assert.All(canonical.ChargingPeriods!, period => Assert.Null(period.TariffId));
        var loss = Assert.Single(up.Losses);
        Assert.Equal("charging_periods.tariff_id", loss.Field);
        Assert.Contains("2 tariffs", loss.What, StringComparison.Ordinal);
    }

    [Fact]
    public void A_2_2_1_cdr_goes_down_to_2_1_1_with_its_sealed_place_completed_from_the_store()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext());
        var context = new TranslationContext(null, new HubStore());
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal(("12345", "DE8ACC12E46L89", 4.00m), (v211.Id, v211.AuthId, v211.TotalCost));
        Assert.Equal(canonical.EndDateTime, v211.StopDateTime);
        var location = v211.Location!;
        Assert.Equal(("LOC1", LocationType.OnStreet, "BEL", "3.729944"), (location.Id, location.Type, location.Country, location.Coordinates!.Latitude));
        var evse = Assert.Single(location.Evses!);
        var connector = Assert.Single(evse.Connectors!);
        // Sealed at the start (cdr_location) wins over the store; voltage and amperage only the store knows.
        Assert.Equal(("BE*BEC*E041503003", EvseStatus.Available), (evse.EvseId, evse.Status));
        Assert.Equal((ConnectorFormat.Socket, PowerType.Ac1Phase, 220, 16), (connector.Format, connector.PowerType, connector.Voltage, connector.Amperage));
        Assert.Equal(2.00m, Assert.Single(v211.Tariffs!).Elements![0].PriceComponents![0].Price);
        // Its periods' tariff_id is its only tariff's, which the 2.1.1 CDR names: nothing lost there.
        Assert.Equal(["Cdr.total_cost", "Cdr.total_time_cost", "PriceComponent.vat"], context.LostFields());
    }

    [Fact]
    public void The_embedded_connector_names_the_one_tariff_the_cdr_was_charged_by_not_the_stored_connectors_of_today()
    {
        // The example CDR was charged by tariff 12; the stored connector 1 of EVSE 3256 lists 11 today.
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext());
        var v211 = Translator.FromCanonical(canonical, new TranslationContext(null, new HubStore()));

        Assert.Equal("12", v211.Location!.Evses![0].Connectors![0].TariffId);
    }

    [Fact]
    public void A_tariff_of_reservation_elements_alone_is_left_out_of_a_2_1_1_cdr_reported()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext());
        var charged = canonical.Tariffs![0];
        var reservation = charged with
        {
            Id = "RES",
            Elements = [new V230.TariffElement { PriceComponents = [Build.Component(TariffDimensionType.Time, 1m)], Restrictions = new() { Reservation = ReservationRestrictionType.Reservation } }],
        };
        var context = new TranslationContext(null, new HubStore());

        var v211 = Translator.FromCanonical(canonical with { Tariffs = [reservation, charged] }, context);

        // 2.1.1 requires an element in every tariff: the reservation tariff goes; the one left is the connector's.
        Assert.Equal("12", Assert.Single(v211.Tariffs!).Id);
        Assert.All(v211.Tariffs!, t => Assert.NotEmpty(t.Elements!));
        Assert.Contains("1 dropped (RES)", context.Loss(nameof(Cdr), "tariffs").What);
        Assert.Equal("12", v211.Location!.Evses![0].Connectors![0].TariffId);
        Assert.Empty(Protocol.Validation.OcpiValidator.Validate(v211, OcpiVersion.V211));
    }

    [Fact]
    public void Without_the_stored_location_the_2_1_1_location_is_built_from_cdr_location_reported()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext());
        var context = new TranslationContext();
        var location = Translator.FromCanonical(canonical, context).Location!;

        Assert.Equal(("LOC1", LocationType.Unknown, "F.Rooseveltlaan 3A"), (location.Id, location.Type, location.Address));
        var connector = Assert.Single(Assert.Single(location.Evses!).Connectors!);
        Assert.Equal(("1", ConnectorType.Iec62196T2, null), (connector.Id, connector.Standard, connector.Voltage));
        Assert.Contains("built from cdr_location", context.Loss(nameof(Cdr), "location").What);
    }

    [Fact]
    public void An_evse_the_stored_location_no_longer_has_is_built_from_cdr_location_reported()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext());
        canonical = canonical with { CdrLocation = canonical.CdrLocation! with { EvseUid = "GONE" } };
        var context = new TranslationContext(null, new HubStore());
        var location = Translator.FromCanonical(canonical, context).Location!;

        var evse = Assert.Single(location.Evses!);
        Assert.Equal(("GONE", EvseStatus.Unknown), (evse.Uid, evse.Status));
        Assert.Contains("no EVSE 'GONE'", context.Loss(nameof(Cdr), "location").What);
    }

    [Fact]
    public void A_credit_cdr_with_the_2_2_cost_breakdown_reports_everything_2_1_1_cannot_hold()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext()) with
        {
            Id = "12345-CREDIT-0000000000000000000000001",
            SessionId = "101",
            AuthorizationReference = "AUTH1",
            Credit = true,
            CreditReferenceId = "12345",
            InvoiceReferenceId = "INV1",
            HomeChargingCompensation = true,
            SignedData = new() { EncodingMethod = "OCMF", SignedValues = [new() { Nature = "Start", PlainData = "p", SignedData = "s" }] },
            TotalFixedCost = new() { BeforeTaxes = 1m },
            TotalEnergyCost = new() { BeforeTaxes = 1m },
            TotalParkingCost = new() { BeforeTaxes = 1m },
            TotalReservationCost = new() { BeforeTaxes = 1m },
            Tariffs = null,
        };
        var context = new TranslationContext(null, new HubStore());
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal("12345-CREDIT-0000000000000000000000001", v211.Id);
        Assert.Equal(
        [
            "Cdr.authorization_reference", "Cdr.charging_periods.tariff_id", "Cdr.credit", "Cdr.credit_reference_id",
            "Cdr.home_charging_compensation", "Cdr.id", "Cdr.invoice_reference_id", "Cdr.session_id", "Cdr.signed_data",
            "Cdr.total_cost", "Cdr.total_energy_cost", "Cdr.total_fixed_cost", "Cdr.total_parking_cost",
            "Cdr.total_reservation_cost", "Cdr.total_time_cost",
        ], context.LostFields());
    }

    [Fact]
    public void A_2_1_1_cdr_of_flat_periods_alone_reaches_2_2_1_with_a_period_of_its_totals_and_2_1_1_as_written()
    {
        var json = Cdr211Json()
            .Replace("\"type\": \"TIME\",\n\t\t\t\"volume\": 1.973", "\"type\": \"FLAT\",\n\t\t\t\"volume\": 1")
            .Replace("\"total_time\": 1.973,", "\"total_time\": 1.973,\n\t\"total_parking_time\": 0.25,");
        Assert.Contains("FLAT", json);
        var up = new TranslationContext(HubStore.Cpo, new HubStore());
        var canonical = Translator.ToCanonical(Translate.Read<Cdr>(json, OcpiVersion.V211), up);
        var v221 = V221.Translator.FromCanonical(canonical, new TranslationContext());

        var period = Assert.Single(v221.ChargingPeriods!);
        Assert.Equal(canonical.StartDateTime, period.StartDateTime);
        Assert.Equal(["ENERGY 15.342", "TIME 1.723", "PARKING_TIME 0.25"], period.Dimensions!.Select(d => $"{d.Type} {d.Volume}"));
        Assert.Contains(up.Losses, loss => loss.What.Contains("total energy and time", StringComparison.Ordinal));
        var v211 = Translate.Write(Translator.FromCanonical(canonical, new TranslationContext(null, new HubStore())), OcpiVersion.V211);
        JsonSemantics.AssertEqual(json, v211);
    }

    [Fact]
    public void A_cdr_of_2_2_only_dimensions_reaches_2_1_1_with_a_period_of_its_totals()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Cdr>(Cdr221), new TranslationContext()) with
        {
            ChargingPeriods = [new() { StartDateTime = DateTimeOffset.UnixEpoch, Dimensions = [new() { Type = CdrDimensionType.ReservationTime, Volume = 0.25m }] }],
        };
        var context = new TranslationContext(null, new HubStore());
        var v211 = Translator.FromCanonical(canonical, context);

        var period = Assert.Single(v211.ChargingPeriods!);
        Assert.Equal(canonical.StartDateTime, period.StartDateTime);
        Assert.Equal([$"ENERGY {canonical.TotalEnergy}", $"TIME {canonical.TotalTime - (canonical.TotalParkingTime ?? 0)}"],
            period.Dimensions!.Select(d => $"{d.Type} {d.Volume}").Take(2));
        Assert.Contains(context.Losses, loss => loss.What.Contains("total energy and time", StringComparison.Ordinal));
    }
}
