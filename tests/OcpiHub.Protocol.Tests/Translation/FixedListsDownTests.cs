using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation;

/// <summary>
/// OpenEnums are open only from 2.3.0 on: 2.1.1 and 2.2.1 receivers check a fixed list and refuse a whole object
/// for a value outside it. Checked against the lists of the versions' JSON schemas (../shared/ocpi-schema), not
/// the hub's own tables.
/// </summary>
public class FixedListsDownTests
{
    [Theory]
    [InlineData(OcpiVersion.V211, "GBT_DC")]
    [InlineData(OcpiVersion.V211, "NEMA_5_20")]
    [InlineData(OcpiVersion.V211, "CHAOJI")]
    [InlineData(OcpiVersion.V211, "MCS")]
    [InlineData(OcpiVersion.V211, "SAE_J3400")]
    [InlineData(OcpiVersion.V211, "X_ACME_PLUG")]
    [InlineData(OcpiVersion.V211, "IEC_62196_T2")]
    [InlineData(OcpiVersion.V221, "GBT_DC")]
    [InlineData(OcpiVersion.V221, "MCS")]
    [InlineData(OcpiVersion.V221, "SAE_J3400")]
    [InlineData(OcpiVersion.V221, "X_ACME_PLUG")]
    public void A_connector_whose_standard_the_version_lacks_is_dropped_and_so_is_an_evse_left_without_any(OcpiVersion version, string standard)
    {
        var location = Translate.ReadExample<Location>("2.2.1/location_example.json");
        var evse = location.Evses![0];
        var plug = evse.Connectors![0] with { Id = "P", Standard = ConnectorType.From(standard) };
        location = location with { Evses = [evse with { Connectors = [evse.Connectors[0], plug] }, evse with { Uid = "ONLY", Connectors = [plug] }] };
        var context = new TranslationContext();

        var json = JsonNode.Parse(Translate.Write(Translators.FromCanonical(location, version, context), version))!;

        var known = SchemaList(version, "connector", "standard").Contains(standard);
        var evses = json["evses"]!.AsArray();
        Assert.Equal(known ? ["3256", "ONLY"] : ["3256"], evses.Select(e => e!["uid"]!.GetValue<string>()));
        Assert.Equal(known ? 2 : 1, evses[0]!["connectors"]!.AsArray().Count);
        var standards = evses.SelectMany(e => e!["connectors"]!.AsArray()).Select(c => c!["standard"]!.GetValue<string>());
        Assert.Subset(SchemaList(version, "connector", "standard"), standards.ToHashSet());
        if (known)
            Assert.Empty(context.Losses);
        else
            Assert.Equal(["Connector.standard", "Connector.standard", "Evse.connectors", "Evse.connectors", "Location.evses"], context.LostFields());
    }

    [Fact]
    public void A_custom_parking_type_is_left_out_for_2_2_1_reported()
    {
        var location = Translate.ReadExample<Location>("2.2.1/location_example.json") with { ParkingType = ParkingType.From("X_FERRY_DECK") };
        var context = new TranslationContext();

        var json = JsonNode.Parse(Translate.Write(Translators.FromCanonical(location, OcpiVersion.V221, context), OcpiVersion.V221))!;

        Assert.Null(json["parking_type"]);
        Assert.Contains("dropped", context.Loss("Location", "parking_type").What);
    }

    [Theory]
    [InlineData(OcpiVersion.V211)]
    [InlineData(OcpiVersion.V221)]
    public void An_environmental_impact_of_a_custom_category_is_left_out_reported(OcpiVersion version)
    {
        var location = Translate.ReadExample<Location>("2.2.1/location_example.json") with
        {
            EnergyMix = new()
            {
                IsGreenEnergy = false,
                EnvironImpact = [new() { Category = EnvironmentalImpactCategory.From("PARTICULATES"), Amount = 1m }, new() { Category = EnvironmentalImpactCategory.From("CARBON_DIOXIDE"), Amount = 2m }],
            },
        };
        var context = new TranslationContext();

        var json = JsonNode.Parse(Translate.Write(Translators.FromCanonical(location, version, context), version))!;

        var impact = Assert.Single(json["energy_mix"]!["environ_impact"]!.AsArray())!;
        Assert.Equal(2m, impact["amount"]!.GetValue<decimal>());
        Assert.Equal(["EnergyMix.environ_impact", "EnvironmentalImpact.category"], context.LostFields());
    }

    /// <summary>The values the JSON schema of <paramref name="version"/> lists for a property of an object.</summary>
    private static HashSet<string> SchemaList(OcpiVersion version, string objectName, string property)
    {
        var file = Path.Combine(SchemaDirectory(), $"ocpi.{version.ToWire().Replace('.', '_')}.{objectName}.json");
        var schema = JsonNode.Parse(File.ReadAllText(file))!;
        return schema["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet();
    }

    private static string SchemaDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OcpiHub.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "ocpi-schema"));
        }
        throw new DirectoryNotFoundException("repository root (OcpiHub.slnx) not found above " + AppContext.BaseDirectory);
    }
}
