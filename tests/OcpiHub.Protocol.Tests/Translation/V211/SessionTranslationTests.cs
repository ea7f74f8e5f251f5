using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class SessionTranslationTests
{
    private const string Finished211 = "2.1.1/mod_sessions.md#2";
    private const string Finished221 = "2.2.1/session_example_2_short_finished.json";

    [Theory]
    [InlineData("2.1.1/mod_sessions.md#1")]
    [InlineData(Finished211)]
    public void The_2_1_1_session_examples_round_trip_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Session, V230.Session>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_2_1_1_session_goes_up_with_the_stored_token_and_location_ids_then_down_to_2_2_1()
    {
        var up = new TranslationContext(HubStore.Cpo, new HubStore());
        var canonical = Translator.ToCanonical(Translate.ReadExample<Session>(Finished211), up);
        var down = new TranslationContext();
        var v221 = V221.Translator.FromCanonical(canonical, down);

        Assert.Equal(("BE", "BEC", "101"), (v221.CountryCode, v221.PartyId, v221.Id));
        Assert.Equal((Utc("2015-06-29T22:39:09Z"), Utc("2015-06-29T23:50:16Z")), (v221.StartDateTime, v221.EndDateTime));
        Assert.Equal(new V230.CdrToken { CountryCode = "DE", PartyId = "TNM", Uid = "012345678", Type = TokenType.Rfid, ContractId = "DE8ACC12E46L89" }, v221.CdrToken);
        Assert.Equal(("LOC1", "3256", "1"), (v221.LocationId, v221.EvseUid, v221.ConnectorId));
        Assert.Equal((8.50m, null), (v221.TotalCost!.ExclVat, v221.TotalCost.InclVat));
        Assert.Equal(3, v221.ChargingPeriods!.Count);
        Assert.Empty(up.Losses);
        Assert.Empty(down.Losses);
        var json = Translate.Write(v221, OcpiVersion.V221);
        Assert.DoesNotContain(Carry.KeyPrefix, json);
        Assert.Null(JsonNode.Parse(json)!["location"]);
    }

    [Fact]
    public void An_unknown_auth_id_becomes_a_guessed_cdr_token_reported()
    {
        var up = new TranslationContext(HubStore.Cpo);
        var canonical = Translator.ToCanonical(Translate.ReadExample<Session>(Finished211), up);

        Assert.Equal(new V230.CdrToken { Uid = "DE8ACC12E46L89", Type = TokenType.Other, ContractId = "DE8ACC12E46L89" }, canonical.CdrToken);
        Assert.Contains("unknown to the hub", up.Loss(nameof(Session), "cdr_token").What);
    }

    [Theory]
    [InlineData("0000", true, "0000")] // the first by uid
    [InlineData("0000", false, "0000")] // blocked or not: a Session and its CDR name the same card
    [InlineData("DE8ACC12E46L89", false, "DE8ACC12E46L89")] // the card named by the contract id first
    public void A_contract_of_several_cards_names_the_same_one_every_time_reported(string otherUid, bool otherValid, string named)
    {
        var store = new HubStore();
        store.Tokens.Insert(0, HubStore.Token with { Uid = otherUid, Valid = otherValid });
        var up = new TranslationContext(HubStore.Cpo, store);
        var token = Translator.ToCanonical(Translate.ReadExample<Session>(Finished211), up).CdrToken!;

        Assert.Equal(("DE", "TNM", named, "DE8ACC12E46L89"), (token.CountryCode, token.PartyId, token.Uid, token.ContractId));
        Assert.Contains("names 2 tokens of DE*TNM", up.Loss(nameof(Session), "cdr_token").What);
    }

    [Fact]
    public void A_contract_id_two_emsps_hold_names_no_owner_reported()
    {
        var store = new HubStore();
        store.Tokens.Add(HubStore.Token with { PartyId = "XYZ" });
        var up = new TranslationContext(HubStore.Cpo, store);
        var token = Translator.ToCanonical(Translate.ReadExample<Session>(Finished211), up).CdrToken!;

        Assert.Equal((null, null, "DE8ACC12E46L89", TokenType.Other), (token.CountryCode, token.PartyId, token.Uid, token.Type));
        Assert.Contains("held by 2 eMSPs", up.Loss(nameof(Session), "cdr_token").What);
    }

    [Fact]
    public void A_2_2_1_session_goes_down_to_2_1_1_with_the_stored_location_reduced_to_its_evse_and_connector()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Session>(Finished221), new TranslationContext());
        var context = new TranslationContext(null, new HubStore());
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal((Utc("2015-06-29T22:39:09Z"), Utc("2015-06-29T23:50:16Z")), (v211.StartDatetime, v211.EndDatetime));
        Assert.Equal("NL-TST-C12345678-S", v211.AuthId);
        Assert.Equal(8.50m, v211.TotalCost);
        var location = v211.Location!;
        Assert.Equal(("LOC1", LocationType.OnStreet, "Gent Zuid"), (location.Id, location.Type, location.Name));
        var evse = Assert.Single(location.Evses!);
        var connector = Assert.Single(evse.Connectors!);
        Assert.Equal(("3256", "1", 220, 16, "11"), (evse.Uid, connector.Id, connector.Voltage, connector.Amperage, connector.TariffId));
        Assert.Null(v211.ChargingPeriods![2].TariffId);
        Assert.Equal(["Session.charging_periods.tariff_id", "Session.total_cost"], context.LostFields());
    }

    [Fact]
    public void Without_the_stored_location_2_1_1_gets_the_ids_only_reported()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Session>(Finished221), new TranslationContext());
        var context = new TranslationContext();
        var location = Translator.FromCanonical(canonical, context).Location!;

        Assert.Equal(("LOC1", LocationType.Unknown, null), (location.Id, location.Type, location.Address));
        var evse = Assert.Single(location.Evses!);
        Assert.Equal(("3256", EvseStatus.Unknown, "1"), (evse.Uid, evse.Status, Assert.Single(evse.Connectors!).Id));
        Assert.Contains("unknown to the hub", context.Loss(nameof(Session), "location").What);
    }

    [Fact]
    public void A_reservation_started_by_command_reaches_2_1_1_as_pending_authorized_by_request_reported()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V221.Session>(Finished221), new TranslationContext()) with
        {
            Status = SessionStatus.Reservation,
            AuthMethod = AuthMethod.Command,
            AuthorizationReference = "AUTH1",
            ChargingPeriods = [new() { StartDateTime = Utc("2015-06-29T22:39:09Z"), Dimensions = [new() { Type = CdrDimensionType.StateOfCharge, Volume = 80 }] }],
            TotalCost = null,
        };
        var context = new TranslationContext(null, new HubStore());
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal((SessionStatus.Pending, AuthMethod.AuthRequest), (v211.Status, v211.AuthMethod));
        Assert.Empty(v211.ChargingPeriods!);
        Assert.Equal(["Session.auth_method", "Session.authorization_reference", "Session.charging_periods.dimensions", "Session.status"], context.LostFields());
        Assert.Contains("1 period(s) left empty", context.Loss(nameof(Session), "charging_periods.dimensions").What);
    }

    [Fact]
    public void FLAT_dimensions_stay_out_of_2_3_0_and_come_back_to_2_1_1()
    {
        var json = Translate.Example(Finished211).Replace("\"type\": \"PARKING_TIME\"", "\"type\": \"FLAT\"");
        var up = new TranslationContext(HubStore.Cpo);
        var canonical = Translator.ToCanonical(Translate.Read<Session>(json, OcpiVersion.V211), up);

        Assert.Equal(2, canonical.ChargingPeriods!.Count);
        Assert.DoesNotContain(canonical.ChargingPeriods.SelectMany(p => p.Dimensions!), d => d.Type == CdrDimensionType.Flat);
        Assert.Contains("FLAT", up.Loss(nameof(Session), "charging_periods").What);
        Assert.DoesNotContain("FLAT", Translate.Write(V221.Translator.FromCanonical(canonical, new TranslationContext()), OcpiVersion.V221));
        JsonSemantics.AssertEqual(json, Translate.Write(Translator.FromCanonical(canonical, new TranslationContext()), OcpiVersion.V211));
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
