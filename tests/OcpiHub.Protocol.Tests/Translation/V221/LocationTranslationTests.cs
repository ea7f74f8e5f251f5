using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V221;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation.V221;

public class LocationTranslationTests
{
    public static TheoryData<string> LocationExamples => new(SpecExamples.All.Keys.Where(id => id.StartsWith("2.2.1/location_example", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(LocationExamples))]
    public void Every_2_2_1_location_example_round_trips_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Location, Location>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void What_2_2_1_cannot_hold_of_a_2_3_0_location_is_dropped_and_reported()
    {
        var canonical = V211.LocationTranslationTests.Rich230Location() with
        {
            PublishAllowedTo = [new() { Uid = "EMAID1", Type = TokenType.Emaid }],
        };
        var context = new TranslationContext();

        var v221 = Translator.FromCanonical(canonical, context);

        Assert.Equal((null, null), (v221.ParkingPlaces, v221.HelpPhone));
        Assert.Equal(ParkingType.AlongMotorway, v221.ParkingType);
        Assert.Equal([Facility.Cafe, Facility.BikeSharing], v221.Facilities!);
        var evse = v221.Evses![0];
        Assert.Equal((null, null), (evse.Parking, evse.AcceptedServiceProviders));
        Assert.Empty(evse.ParkingRestrictions!);
        // 2.2.1 has no MCS (its ConnectorType is a fixed list; open only from 2.3.0) and a connector requires a standard.
        var connector = Assert.Single(evse.Connectors!);
        Assert.Equal((ConnectorType.Iec62196T2, PowerType.Ac2Phase, null), (connector.Standard, connector.PowerType, connector.Capabilities));
        Assert.Equal(["T1", "T2"], connector.TariffIds!);
        Assert.Equal(TokenType.Other, v221.PublishAllowedTo![0].Type);
        Assert.Equal(
        [
            "Connector.capabilities", "Connector.standard",
            "Evse.accepted_service_providers", "Evse.connectors", "Evse.parking", "Evse.parking_restrictions",
            "Location.help_phone", "Location.parking_places", "PublishTokenType.type",
        ], context.LostFields());
        Assert.Contains("'MCS' is not defined in 2.2.1; dropped", context.Loss(nameof(Connector), "standard").What);
    }

    [Fact]
    public void A_long_address_and_state_are_truncated_to_the_lengths_of_the_2_2_1_release_reported()
    {
        // 255 and 45 are what the hub accepts (2.2.1 bugfix branch); the 2.2.1 release and its schema say 45 and 20.
        var canonical = Translate.ReadExample<Location>("2.2.1/location_example.json") with { Address = new string('A', 60), State = new string('S', 30) };
        var context = new TranslationContext();

        var v221 = Translator.FromCanonical(canonical, context);

        Assert.Equal((new string('A', 45), new string('S', 20)), (v221.Address, v221.State));
        Assert.Equal(["Location.address", "Location.state"], context.LostFields());
        Assert.Contains("45 characters of 2.2.1: truncated", context.Loss(nameof(Location), "address").What);
    }

    [Fact]
    public void A_2_2_1_location_goes_down_to_2_1_1_through_2_3_0_as_documented()
    {
        var canonical = Translator.ToCanonical(Translate.ReadExample<Location>("2.2.1/location_example_parking_garage_opening_hours.json"), new TranslationContext());
        var context = new TranslationContext();

        var v211 = Protocol.V211.Translator.FromCanonical(canonical, context);

        Assert.Equal(LocationType.ParkingGarage, v211.Type);
        Assert.False(v211.OpeningTimes!.Twentyfourseven);
        Assert.NotEmpty(v211.OpeningTimes.RegularHours!);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void An_image_category_older_versions_lack_goes_as_other_reported()
    {
        var custom = new Image { Url = "https://example.com/qr.png", Category = ImageCategory.From("QR_CODE"), Type = "png" };
        var canonical = Translator.ToCanonical(Translate.ReadExample<Location>("2.2.1/location_example_parking_garage_opening_hours.json"), new TranslationContext());
        canonical = canonical with
        {
            Images = [custom],
            Operator = new() { Name = "Op", Logo = custom },
            Evses = [canonical.Evses![0] with { Images = [custom] }],
        };

        foreach (var version in new[] { OcpiVersion.V221, OcpiVersion.V211 })
        {
            var context = new TranslationContext(new PartyRef("BE", "BEC"));
            var json = Translate.Write(Translators.FromCanonical(canonical, version, context), version);

            Assert.DoesNotContain("QR_CODE", json);
            Assert.Equal(3, context.Losses.Count(loss => loss.Object == nameof(Image) && loss.Field == "category"));
        }
    }
}
