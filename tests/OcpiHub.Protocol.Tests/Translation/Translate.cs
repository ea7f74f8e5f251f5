using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.Tests.Translation;

/// <summary>Reading spec examples, translating and writing OCPI JSON in translation tests.</summary>
public static class Translate
{
    /// <summary>The JSON of a spec example by its corpus id (<c>2.2.1/tariff_1_simple_2hour.json</c>, <c>2.1.1/mod_tariffs.md#5</c>).</summary>
    public static string Example(string id) => SpecExamples.All[id].Json;

    public static T Read<T>(string json, OcpiVersion version) =>
        OcpiJson.Deserialize<T>(json, version) ?? throw new InvalidOperationException("null JSON");

    public static T ReadExample<T>(string id) => Read<T>(Example(id), SpecExamples.All[id].Version);

    public static string Write<T>(T value, OcpiVersion version) => OcpiJson.Serialize(value, version);

    /// <summary>
    /// Reads <paramref name="json"/> in <paramref name="version"/>, goes up to 2.3.0 and back down, and returns the
    /// JSON written and the losses reported on the way down.
    /// </summary>
    public static (string Json, IReadOnlyList<TranslationLoss> Losses) RoundTrip<T, TCanonical>(
        string json, OcpiVersion version, Func<T, TranslationContext, TCanonical> up, Func<TCanonical, TranslationContext, T> down)
    {
        var owner = new PartyRef("NL", "HUB");
        var canonical = up(Read<T>(json, version), new TranslationContext(owner));
        var context = new TranslationContext(owner);
        var back = down(canonical, context);
        return (Write(back, version), context.Losses);
    }

    /// <summary>The one loss reported for <paramref name="objectName"/>.<paramref name="field"/>.</summary>
    public static TranslationLoss Loss(this TranslationContext context, string objectName, string field) =>
        Assert.Single(context.Losses, l => l.Object == objectName && l.Field == field);

    /// <summary>The losses as <c>Object.field</c>, sorted.</summary>
    public static IEnumerable<string> LostFields(this TranslationContext context) =>
        context.Losses.Select(l => $"{l.Object}.{l.Field}").Order(StringComparer.Ordinal);
}
