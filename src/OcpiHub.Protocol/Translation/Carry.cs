using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Fields an older version has and 2.3.0 lacks ride along in the canonical object's extension data under a key
/// of the hub's own (<c>ocpihub:v211</c>, <c>ocpihub:v221</c>), so <c>v -> 2.3.0 -> v</c> is lossless. Down-
/// translations take their own key and drop the others; <see cref="Strip"/> removes them all before a 2.3.0 peer.
/// </summary>
public static class Carry
{
    public const string KeyPrefix = "ocpihub:";

    public static string KeyOf(OcpiVersion version) => KeyPrefix + version.ToString().ToLowerInvariant();

    /// <summary>Partner extensions plus the carried fields of <paramref name="version"/> (none if all are null).</summary>
    public static Dictionary<string, JsonElement>? Up(
        Dictionary<string, JsonElement>? extensions, OcpiVersion version, params (string Field, JsonNode? Value)[] carried)
    {
        var bag = new JsonObject();
        foreach (var (field, value) in carried)
        {
            if (value is not null)
                bag[field] = value.DeepClone();
        }
        if (bag.Count == 0)
            return extensions;
        var result = extensions is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(extensions);
        result[KeyOf(version)] = JsonSerializer.SerializeToElement(bag, CarryJsonContext.Default.JsonObject);
        return result;
    }

    /// <summary>The fields carried for <paramref name="version"/>, or an empty object.</summary>
    public static JsonObject Of(Dictionary<string, JsonElement>? extensions, OcpiVersion version) =>
        extensions is not null && extensions.TryGetValue(KeyOf(version), out var element) && element.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(element) ?? []
            : [];

    /// <summary>Partner extensions without any of the hub's carried fields.</summary>
    public static Dictionary<string, JsonElement>? Strip(Dictionary<string, JsonElement>? extensions)
    {
        if (extensions is null || !extensions.Keys.Any(k => k.StartsWith(KeyPrefix, StringComparison.Ordinal)))
            return extensions;
        var result = extensions.Where(e => !e.Key.StartsWith(KeyPrefix, StringComparison.Ordinal)).ToDictionary();
        return result.Count == 0 ? null : result;
    }

    /// <summary>Removes the carried fields at every level of a JSON tree.</summary>
    public static void StripAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith(KeyPrefix, StringComparison.Ordinal)).ToArray())
                    obj.Remove(key);
                foreach (var (_, child) in obj)
                    StripAll(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    StripAll(child);
                break;
        }
    }

    /// <summary>Reads a carried value as <typeparamref name="T"/> of the given version.</summary>
    public static T? Read<T>(JsonObject carried, string field, OcpiVersion version) =>
        carried[field] is { } node ? node.Deserialize(Json.OcpiJson.TypeInfo<T>(version)) : default;

    /// <summary>A value as a node to carry, written in the given version.</summary>
    public static JsonNode? Node<T>(T? value, OcpiVersion version) =>
        value is null ? null : JsonSerializer.SerializeToNode(value, Json.OcpiJson.TypeInfo<T>(version));
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class CarryJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
