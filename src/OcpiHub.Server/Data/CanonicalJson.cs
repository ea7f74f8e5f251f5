using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Server.Data;

/// <summary>
/// A change's object as canonical (2.3.0) JSON, written once: its text is what is stored and delivered when the object
/// is stored whole, and a node of it is read from the text only where a merge, a comparison or a field needs one.
/// </summary>
public sealed class CanonicalJson
{
    private static readonly byte[] LastUpdatedField = "last_updated"u8.ToArray();

    private JsonObject? node;

    private CanonicalJson(string text, DateTimeOffset? lastUpdated) => (Text, LastUpdated) = (text, lastUpdated);

    public string Text { get; }

    /// <summary>The object's own <c>last_updated</c> (none where a PATCH does not carry it).</summary>
    public DateTimeOffset? LastUpdated { get; }

    /// <summary>The JSON as a node, read from the text when first asked for; merges may attach it to the stored object.</summary>
    public JsonObject Node => node ??= JsonNode.Parse(Text)!.AsObject();

    /// <summary>The canonical model's JSON.</summary>
    public static CanonicalJson Of(object canonical)
    {
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(canonical, OcpiJson.TypeInfo(canonical.GetType(), OcpiVersion.V230));
        return new(Encoding.UTF8.GetString(utf8), LastUpdatedIn(utf8));
    }

    /// <summary>Canonical JSON given as text (one object), written compactly as the hub writes it.</summary>
    public static CanonicalJson Parse(string text)
    {
        var compact = JsonNode.Parse(text)!.AsObject().ToJsonString();
        return new(compact, LastUpdatedIn(Encoding.UTF8.GetBytes(compact)));
    }

    /// <summary>The same object with <c>last_updated</c> set to <paramref name="at"/> (a change that carried none).</summary>
    public CanonicalJson Dated(DateTimeOffset at)
    {
        var stamp = OcpiDateTimeConverter.Format(at);
        var dated = JsonNode.Parse(Text)!.AsObject();
        dated["last_updated"] = stamp;
        // The node made here is the new object's: a merge reads it without parsing the text again.
        return new(dated.ToJsonString(), OcpiDateTimeConverter.Parse(stamp)) { node = dated };
    }

    /// <summary>The top-level <c>last_updated</c>, found by reading over the object's fields without building them.</summary>
    private static DateTimeOffset? LastUpdatedIn(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException("canonical JSON is one object", nameof(utf8));
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(LastUpdatedField);
            reader.Read();
            if (found)
                return reader.TokenType == JsonTokenType.String ? OcpiDateTimeConverter.Parse(reader.GetString()!) : null;
            reader.Skip();
        }
        return null;
    }
}
