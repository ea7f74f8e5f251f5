using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data;

/// <summary>
/// The hub stores and queues objects as canonical (2.3.0) JSON (written by <see cref="CanonicalJson"/>); these turn
/// it into models of any version.
/// </summary>
public static class Canonical
{
    public static object FromJson(JsonNode json, Type canonicalType) =>
        JsonSerializer.Deserialize(json, OcpiJson.TypeInfo(canonicalType, OcpiVersion.V230))!;

    public static object FromJson(string json, Type canonicalType) =>
        JsonSerializer.Deserialize(json, OcpiJson.TypeInfo(canonicalType, OcpiVersion.V230))!;

    /// <summary>
    /// The body of <paramref name="stored"/> as 2.1.1 readers get it: with the <c>last_updated</c> they see where it is
    /// later than its owner's (<see cref="Core.Data.StoredObject.LastUpdatedFor211"/>).
    /// </summary>
    public static string BodyFor211(Core.Data.StoredObject stored)
    {
        if (stored.LastUpdatedFor211 is not { } later)
            return stored.Body;
        var body = JsonNode.Parse(stored.Body)!.AsObject();
        body["last_updated"] = OcpiDateTimeConverter.Format(later);
        return body.ToJsonString();
    }

    /// <summary>The canonical object as a receiver or reader of <paramref name="version"/> gets it.</summary>
    public static object In(OcpiVersion version, object canonical, TranslationContext context) =>
        Translators.FromCanonical(canonical, version, context);
}
