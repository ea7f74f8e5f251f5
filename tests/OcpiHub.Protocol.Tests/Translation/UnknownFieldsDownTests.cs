using System.Text.Json.Nodes;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation;

/// <summary>
/// 2.3.0 partners may add fields of their own ("non-specified JSON fields"); 2.1.1 and 2.2.1 define none and their
/// strict receivers refuse an object with one (their JSON schemas close every object).
/// </summary>
public class UnknownFieldsDownTests
{
    private const string Vendor = """{"x_acme_rating": 4, "x_acme_meta": {"source": "acme"}}""";

    private static Location LocationWithVendorFields()
    {
        // A 2.3.0 Location with vendor fields at the top, in an EVSE, a connector and a nested object.
        var json = JsonNode.Parse(Translate.Example("2.2.1/location_example.json"))!.AsObject();
        json["x_acme_note"] = "vendor";
        json["evses"]![0]!["x_acme_bay"] = "B7";
        json["evses"]![0]!["connectors"]![0]!["x_acme_cable_length"] = 5;
        json["coordinates"]!["x_acme_accuracy"] = 3;
        foreach (var (key, value) in JsonNode.Parse(Vendor)!.AsObject())
            json[key] = value!.DeepClone();
        return Translate.Read<Location>(json.ToJsonString(), OcpiVersion.V230);
    }

    [Theory]
    [InlineData(OcpiVersion.V211)]
    [InlineData(OcpiVersion.V221)]
    public void A_partners_own_fields_are_left_out_for_older_versions_at_every_level_reported(OcpiVersion version)
    {
        var canonical = LocationWithVendorFields();
        var context = new TranslationContext();

        var json = Translate.Write(Translators.FromCanonical(canonical, version, context), version);

        foreach (var field in new[] { "x_acme_note", "x_acme_rating", "x_acme_meta", "x_acme_bay", "x_acme_cable_length", "x_acme_accuracy" })
            Assert.DoesNotContain(field, json);
        var loss = context.Loss("Location", "unknown_fields");
        Assert.Contains("$.evses[0].connectors[0].x_acme_cable_length", loss.What);
        Assert.Contains("$.coordinates.x_acme_accuracy", loss.What);
        // The object's own fields are all there.
        var node = JsonNode.Parse(json)!;
        Assert.Equal("LOC1", node["id"]!.GetValue<string>());
        Assert.Equal("3256", node["evses"]![0]!["uid"]!.GetValue<string>());
        Assert.NotNull(node["evses"]![0]!["connectors"]![0]!["standard"]);
    }

    [Fact]
    public void A_2_3_0_receiver_still_gets_them_from_the_same_canonical_object()
    {
        var canonical = LocationWithVendorFields();
        Translators.FromCanonical(canonical, OcpiVersion.V211, new TranslationContext());
        Translators.FromCanonical(canonical, OcpiVersion.V221, new TranslationContext());

        var json = Translate.Write(Translators.FromCanonical(canonical, OcpiVersion.V230, new TranslationContext()), OcpiVersion.V230);

        foreach (var field in new[] { "x_acme_rating", "x_acme_bay", "x_acme_cable_length", "x_acme_accuracy" })
            Assert.Contains(field, json);
    }
}
