using System.Text.Json.Nodes;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class LocationTranslationTests
{
    private static readonly PartyRef Owner = new("BE", "BEC");
    private const string Location211 = "2.1.1/mod_locations.md#5";
    private const string Location221 = "2.2.1/location_example.json";

    [Fact]
    public void The_2_1_1_location_example_round_trips_losslessly()
    {
        var json = Translate.Example(Location211);
        var (back, losses) = Translate.RoundTrip<Location, V230.Location>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_2_1_1_location_goes_up_with_owner_publish_parking_type_and_connector_maxima_then_down_to_2_2_1()
    {
        var up = new TranslationContext(Owner);
        var canonical = Translator.ToCanonical(Translate.ReadExample<Location>(Location211), up);
        var down = new TranslationContext();
        var v221 = V221.Translator.FromCanonical(canonical, down);

        Assert.Equal(("BE", "BEC", "LOC1", true), (v221.CountryCode, v221.PartyId, v221.Id, v221.Publish));
        Assert.Equal(ParkingType.OnStreet, v221.ParkingType);
        var connector = v221.Evses![0].Connectors![1];
        Assert.Equal((220, 16), (connector.MaxVoltage, connector.MaxAmperage));
        Assert.Equal(["11"], connector.TariffIds!);
        Assert.Empty(v221.Evses[0].StatusSchedule!);
        // 2.1.1 has no time_zone here; 2.2.1 requires one: Belgium has one zone.
        Assert.Equal("Europe/Brussels", v221.TimeZone);
        Assert.Empty(up.Losses);
        Assert.Empty(down.Losses);
        Assert.Empty(OcpiValidator.Validate(v221, OcpiVersion.V221));
    }

    [Theory]
    [InlineData("NLD", "52.089444", "5.110278", "Europe/Amsterdam")]         // one zone
    [InlineData("BEL", null, null, "Europe/Brussels")]                      // one zone: no coordinates needed
    [InlineData("ESP", "28.124823", "-15.430007", "Atlantic/Canary")]      // Las Palmas de Gran Canaria
    [InlineData("ESP", "40.416775", "-3.703790", "Europe/Madrid")]         // Madrid
    [InlineData("ESP", "35.889387", "-5.321346", "Africa/Ceuta")]          // Ceuta
    [InlineData("USA", "40.712776", "-74.005974", "America/New_York")]
    [InlineData("USA", "34.052235", "-118.243683", "America/Los_Angeles")]
    [InlineData("USA", "41.878113", "-87.629799", "America/Chicago")]
    [InlineData("ESP", null, null, null)]                                  // several zones, no coordinates
    [InlineData("XXX", "52.089444", "5.110278", null)]                     // not a country
    [InlineData("NL", "52.089444", "5.110278", null)]                      // alpha-2 is not what 2.1.1 says
    public void A_time_zone_is_derived_from_the_country_and_the_coordinates_where_they_tell(string country, string? latitude, string? longitude, string? expected)
    {
        var coordinates = latitude is null ? null : new GeoLocation { Latitude = latitude, Longitude = longitude };
        Assert.Equal(expected, TimeZones.Derive(country, coordinates));
    }

    [Fact]
    public void A_2_1_1_location_without_a_derivable_time_zone_goes_up_without_one_and_reports_it()
    {
        var location = Translate.ReadExample<Location>(Location211) with { Country = "ESP", Coordinates = null, TimeZone = null };
        var up = new TranslationContext(Owner);
        var canonical = Translator.ToCanonical(location, up);

        Assert.Null(canonical.TimeZone);
        Assert.Contains("time_zone", up.Loss(nameof(Location), "time_zone").What);
    }

    [Fact]
    public void A_derived_time_zone_is_not_sent_back_to_2_1_1_but_one_the_cpo_gave_is()
    {
        var derived = Translator.ToCanonical(Translate.ReadExample<Location>(Location211), new TranslationContext(Owner));
        Assert.Null(Translator.FromCanonical(derived, new TranslationContext()).TimeZone);

        var given = Translator.ToCanonical(Translate.ReadExample<Location>(Location211) with { TimeZone = "Europe/Paris" }, new TranslationContext(Owner));
        Assert.Equal("Europe/Paris", given.TimeZone);
        Assert.Equal("Europe/Paris", Translator.FromCanonical(given, new TranslationContext()).TimeZone);
    }

    [Fact]
    public void A_2_2_1_location_goes_down_to_2_1_1_with_type_voltage_amperage_and_one_tariff()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V230.Location>(Location221), new TranslationContext());
        var context = new TranslationContext();
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal(LocationType.OnStreet, v211.Type);
        Assert.Equal("Europe/Brussels", v211.TimeZone);
        var connector = v211.Evses![0].Connectors![0];
        Assert.Equal((220, 16, "11"), (connector.Voltage, connector.Amperage, connector.TariffId));
        Assert.Empty(context.Losses);
        Assert.Empty(OcpiValidator.Validate(v211, OcpiVersion.V211));
        var json = JsonNode.Parse(Translate.Write(v211, OcpiVersion.V211))!;
        Assert.Null(json["country_code"]);
        Assert.Null(json["publish"]);
        Assert.Null(json["evses"]![0]!["connectors"]![0]!["max_voltage"]);
    }

    [Fact]
    public void An_unpublished_location_going_to_2_1_1_reports_publish_and_its_allowed_tokens()
    {
        var canonical = Translate.ReadExample<V230.Location>("2.2.1/location_example_uc4_limited_visibility.json");
        var context = new TranslationContext();
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal(LocationType.UndergroundGarage, v211.Type);
        Assert.Equal(["Location.publish", "Location.publish_allowed_to"], context.LostFields());
    }

    [Fact]
    public void What_2_1_1_cannot_hold_of_a_2_3_0_location_is_reported_field_by_field()
    {
        var canonical = Rich230Location();
        var context = new TranslationContext();
        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal(LocationType.Other, v211.Type);
        Assert.Equal("51.562788", v211.Coordinates!.Latitude);
        Assert.Equal([Facility.Cafe], v211.Facilities!);
        var evse = v211.Evses![0];
        Assert.Empty(evse.ParkingRestrictions!);
        var connector = evse.Connectors![0];
        Assert.Equal((ConnectorType.Iec62196T2, PowerType.Ac1Phase, "T1"), (connector.Standard, connector.PowerType, connector.TariffId));
        // 2.1.1 has no MCS (its ConnectorType is a fixed list) and a connector requires a standard: that connector goes.
        Assert.Single(evse.Connectors);
        Assert.Equal(
        [
            "Connector.capabilities", "Connector.max_electric_power", "Connector.power_type", "Connector.standard", "Connector.tariff_ids",
            "Evse.accepted_service_providers", "Evse.connectors", "Evse.parking", "Evse.parking_restrictions",
            "Location.coordinates.latitude", "Location.facilities", "Location.help_phone", "Location.parking_places",
            "Location.parking_type", "Location.state",
        ], context.LostFields());
        Assert.Contains("'AC_2_PHASE'", context.Loss(nameof(Connector), "power_type").What);
        Assert.Contains("dropped T2", context.Loss(nameof(Connector), "tariff_ids").What);
        Assert.Contains("'MCS' is not defined in 2.1.1; dropped", context.Loss(nameof(Connector), "standard").What);
        Assert.Contains("1 dropped (MCS1)", context.Loss(nameof(Evse), "connectors").What);
    }

    [Fact]
    public void Type_OTHER_and_hours_without_twentyfourseven_travel_up_as_carried_data_and_come_back_to_2_1_1()
    {
        var json = Translate.Example(Location211).Replace("\"ON_STREET\"", "\"OTHER\"").Replace(
            "\"operator\"", "\"opening_times\": { \"regular_hours\": [{ \"weekday\": 1, \"period_begin\": \"08:00\", \"period_end\": \"20:00\" }] }, \"operator\"");
        var up = new TranslationContext(Owner);
        var canonical = Translator.ToCanonical(Translate.Read<Location>(json, OcpiVersion.V211), up);

        Assert.Null(canonical.ParkingType);
        Assert.False(canonical.OpeningTimes!.Twentyfourseven);
        Assert.Contains("'OTHER'", up.Loss(nameof(Location), "type").What);
        var v221Json = Translate.Write(V221.Translator.FromCanonical(canonical, new TranslationContext()), OcpiVersion.V221);
        Assert.DoesNotContain(Carry.KeyPrefix, v221Json);
        Assert.False(JsonNode.Parse(v221Json)!["opening_times"]!["twentyfourseven"]!.GetValue<bool>());
        JsonSemantics.AssertEqual(json, Translate.Write(Translator.FromCanonical(canonical, new TranslationContext()), OcpiVersion.V211));
    }

    [Fact]
    public void Hours_open_24_7_go_to_2_1_1_without_regular_hours_reported()
    {
        var hours = new Hours { Twentyfourseven = true, RegularHours = [new() { Weekday = 1, PeriodBegin = "08:00", PeriodEnd = "20:00" }] };
        var context = new TranslationContext();

        var v211 = Translator.FromCanonical(hours, context);

        Assert.Equal((true, null), (v211.Twentyfourseven, v211.RegularHours));
        Assert.Equal(["Hours.regular_hours"], context.LostFields());
    }

    [Fact]
    public void A_PATCH_going_to_2_1_1_gets_no_invented_type_or_postal_code()
    {
        var json = Translate.Example("2.2.1/location_patch_example_location.json");
        var patch = Translate.Read<V230.Location>(json, OcpiVersion.V221);
        var context = new TranslationContext { IsPatch = true };

        var v211 = Translator.FromCanonical(V221.Translator.ToCanonical(patch, context), context);

        JsonSemantics.AssertEqual(json, Translate.Write(v211, OcpiVersion.V211));
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_full_location_without_postal_code_goes_to_2_1_1_with_an_empty_one_reported()
    {
        var canonical = Translate.ReadExample<V230.Location>(Location221) with { PostalCode = null, ParkingType = null };
        var context = new TranslationContext();

        var v211 = Translator.FromCanonical(canonical, context);

        Assert.Equal(("", LocationType.Unknown), (v211.PostalCode, v211.Type));
        Assert.Equal(["Location.postal_code"], context.LostFields());
    }

    [Theory]
    [InlineData(new[] { "ADHOC", "REG" }, "REG", "sent 'REG', dropped ADHOC")]          // the ad hoc tariff 2.1.1 readers never get
    [InlineData(new[] { "RESERVE", "UNKNOWN", "REG" }, "REG", "sent 'REG', dropped RESERVE, UNKNOWN")] // one held and given comes first: the other may be deleted
    [InlineData(new[] { "RESERVE", "UNKNOWN", "ADHOC" }, "UNKNOWN", "dropped RESERVE, ADHOC")]    // none held is given: one not held may come later
    [InlineData(new[] { "ADHOC", "RESERVE" }, null, "none of ADHOC, RESERVE")]           // none for 2.1.1: no tariff_id
    [InlineData(new[] { "REG" }, "REG", null)]
    [InlineData(new[] { "REG_2027", "REG" }, "REG", "sent 'REG', dropped REG_2027")]     // one that starts next year is held back from 2.1.1 readers
    [InlineData(new[] { "AD1", "AD2", "AD3", "AD4", "REG" }, "REG", "sent 'REG'")]
    public void A_2_1_1_connector_names_the_first_tariff_2_1_1_readers_get(string[] tariffIds, string? expected, string? lost)
    {
        var store = new HubStore();
        var time = Build.Component(TariffDimensionType.Time, 2m);
        store.Tariffs.Add(Build.Tariff(TaxIncluded.No) with { Id = "ADHOC", Type = TariffType.AdHocPayment });
        store.Tariffs.Add(Build.Tariff(TaxIncluded.No) with { Id = "REG", Type = TariffType.Regular });
        store.Tariffs.Add(Build.Tariff(TaxIncluded.No) with { Id = "REG_2027", Type = TariffType.Regular, StartDateTime = DateTimeOffset.Parse("2027-01-01T00:00:00Z") });
        foreach (var id in new[] { "AD1", "AD2", "AD3", "AD4" })
            store.Tariffs.Add(Build.Tariff(TaxIncluded.No) with { Id = id, Type = TariffType.AdHocPayment });
        store.Tariffs.Add(Build.Tariff(TaxIncluded.No) with
        {
            Id = "RESERVE",
            Elements = [new V230.TariffElement { PriceComponents = [time], Restrictions = new() { Reservation = ReservationRestrictionType.Reservation } }],
        });
        var location = Translate.ReadExample<V230.Location>(Location221);
        var evse = location.Evses![0];
        location = location with { Evses = [evse with { Connectors = [evse.Connectors![0] with { TariffIds = tariffIds }] }] };
        var context = new TranslationContext(HubStore.Cpo, store) { Now = DateTimeOffset.Parse("2026-12-05T12:00:00Z") };

        var v211 = Translator.FromCanonical(location, context);

        Assert.Equal(expected, v211.Evses![0].Connectors![0].TariffId);
        if (lost is null)
            Assert.Empty(context.Losses);
        else
            Assert.Contains(lost, context.Loss(nameof(Connector), "tariff_ids").What);
    }

    /// <summary>The 2.3.0 destination-charger example with everything 2.1.1 lacks.</summary>
    internal static V230.Location Rich230Location()
    {
        var location = Translate.ReadExample<V230.Location>("2.3.0/location_example_uc2_destination_charger.json");
        var evse = location.Evses![0];
        return location with
        {
            State = "Noord-Brabant",
            ParkingType = ParkingType.AlongMotorway,
            Coordinates = new() { Latitude = "51.5627875", Longitude = "4.638975" },
            Facilities = [Facility.Cafe, Facility.BikeSharing],
            HelpPhone = "+31201234567",
            ParkingPlaces = [new() { Id = "P1", VehicleTypes = [VehicleType.PersonalVehicle], RestrictedToType = false, ReservationRequired = false }],
            Evses =
            [
                evse with
                {
                    ParkingRestrictions = [ParkingRestriction.Employees],
                    Parking = [new() { ParkingId = "P1", EvsePosition = EvsePosition.From("LEFT") }],
                    AcceptedServiceProviders = ["NewMotion"],
                    Connectors =
                    [
                        evse.Connectors![0] with
                        {
                            PowerType = PowerType.Ac2Phase,
                            MaxElectricPower = 22000,
                            TariffIds = ["T1", "T2"],
                            Capabilities = [ConnectorCapability.Iso151182PlugAndCharge],
                        },
                        evse.Connectors![0] with { Id = "MCS1", Standard = ConnectorType.Mcs, PowerType = PowerType.Dc },
                    ],
                },
            ],
        };
    }

    [Fact]
    public void Owner_ids_a_2_1_1_partner_adds_to_its_location_are_written_once_each_way()
    {
        var json = Translate.Example(Location211).Replace("\"id\": \"LOC1\",", "\"id\": \"LOC1\", \"country_code\": \"BE\", \"party_id\": \"BEC\",");
        Assert.Contains("\"party_id\"", json);
        var canonical = Translator.ToCanonical(Translate.Read<Location>(json, OcpiVersion.V211), new TranslationContext(Owner));

        var up = Translate.Write(canonical, OcpiVersion.V230);
        var down = Translate.Write(Translator.FromCanonical(canonical, new TranslationContext(Owner)), OcpiVersion.V211);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(up, "\"party_id\""));
        Assert.True(System.Text.RegularExpressions.Regex.Matches(down, "\"party_id\"").Count <= 1, down);
    }

    [Fact]
    public void Ids_longer_than_2_2_allows_are_kept_and_reported()
    {
        var long39 = new string('L', 39);
        var location = Translate.ReadExample<Location>(Location211);
        location = location with { Id = long39, Evses = [location.Evses![0] with { Uid = long39 }] };
        var up = new TranslationContext(Owner);

        var canonical = Translator.ToCanonical(location, up);

        Assert.Equal((long39, long39), (canonical.Id, canonical.Evses![0].Uid));
        Assert.Contains("longer than the 36", up.Loss(nameof(Location), "id").What);
        Assert.Contains("longer than the 36", up.Loss(nameof(Evse), "uid").What);
    }
}
