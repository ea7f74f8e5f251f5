using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Server.Data;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A change's canonical JSON is written once as text: the object's own <c>last_updated</c> is read from the text's top
/// level (not an EVSE's), and the node made of the text on demand is the same object.
/// </summary>
public class CanonicalJsonTests
{
    private const string LocationUpdated = "2026-11-02T09:30:00Z";
    private const string EvseUpdated = "2026-11-01T08:00:00Z";

    /// <summary>A Location whose EVSE, written before the Location's own field, was changed at another time.</summary>
    private static JsonObject Location()
    {
        var location = JsonNode.Parse(LocationJson.Location(OcpiVersion.V230, "NL", "C22", "L1", LocationUpdated))!.AsObject();
        location["evses"]![0]!["last_updated"] = EvseUpdated;
        return location;
    }

    [Fact]
    public void The_model_is_written_once_and_its_own_last_updated_is_read_from_the_top_level()
    {
        var source = Location();
        var model = OcpiJson.Read<Protocol.V230.Location>(source.ToJsonString(), OcpiVersion.V230).Value!;

        var canonical = CanonicalJson.Of(model);

        Assert.Equal(DateTimeOffset.Parse(LocationUpdated, System.Globalization.CultureInfo.InvariantCulture), canonical.LastUpdated);
        Assert.Equal(EvseUpdated, canonical.Node["evses"]![0]!["last_updated"]!.GetValue<string>());
        Assert.DoesNotContain('\n', canonical.Text);
        Assert.Equal(canonical.Text, canonical.Node.ToJsonString());
    }

    [Fact]
    public void Text_given_is_written_compactly_and_an_object_without_last_updated_has_none()
    {
        var indented = Location().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var canonical = CanonicalJson.Parse(indented);
        Assert.Equal(Location().ToJsonString(), canonical.Text);
        Assert.Equal(DateTimeOffset.Parse(LocationUpdated, System.Globalization.CultureInfo.InvariantCulture), canonical.LastUpdated);

        var patch = CanonicalJson.Parse("""{"evses":[{"uid":"E1","last_updated":"2026-11-03T00:00:00Z"}],"name":"Plaza"}""");
        Assert.Null(patch.LastUpdated);
    }
}
