using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Translates any object between its version and the canonical 2.3.0 model, by finding the overload of the
/// version's <c>Translator</c> (<c>ToCanonical(X, TranslationContext)</c> / <c>FromCanonical(V230.X,
/// TranslationContext)</c>) for the object's type. Callers that know the type call the overloads directly.
/// </summary>
public static class Translators
{
    private static readonly ConcurrentDictionary<(Type, OcpiVersion, string), MethodInfo?> Methods = new();

    public static object ToCanonical(object value, OcpiVersion from, TranslationContext context) =>
        from == OcpiVersion.V230 ? value : Invoke("ToCanonical", value, from, context);

    public static object FromCanonical(object canonical, OcpiVersion to, TranslationContext context) =>
        to == OcpiVersion.V230 ? WithoutCarriedFields(canonical) : WithoutUnknownFields(Invoke("FromCanonical", canonical, to, context), to, context);

    /// <summary>
    /// 2.1.1 and 2.2.1 define no extension fields and their strict receivers refuse unknown ones (only 2.3.0 makes
    /// accepting them a rule): a partner's fields the models do not know, at every depth, are left out for them,
    /// reported. A translation to an older version ends here.
    /// </summary>
    public static object WithoutUnknownFields(object translated, OcpiVersion to, TranslationContext context)
    {
        var (model, removed) = Validation.UnknownFields.Without(translated, to);
        if (removed.Count > 0)
            context.Lost(translated.GetType().Name, "unknown_fields", OcpiVersion.V230, to,
                $"{string.Join(", ", removed)} left out: {to.ToWire()} defines no such fields and its strict receivers refuse them");
        return model;
    }

    /// <summary>
    /// Whether a translated part of a Location is one its version's Location leaves out: an EVSE with no connector
    /// left, a connector whose standard the version does not list. On its own it would be invalid (both schemas
    /// require them), so it is unknown to that version's readers as well.
    /// </summary>
    public static bool IsLeftOut(object translated) => translated is V211.Evse { Connectors.Count: 0 } or V230.Evse { Connectors.Count: 0 }
        or V211.Connector { Standard: null } or V230.Connector { Standard: null };

    public static bool CanTranslate(Type type, OcpiVersion version, bool toCanonical) =>
        version == OcpiVersion.V230 || Find(type, version, toCanonical ? "ToCanonical" : "FromCanonical") is not null;

    private static object Invoke(string name, object value, OcpiVersion version, TranslationContext context) =>
        (Find(value.GetType(), version, name)
         ?? throw new NotSupportedException($"no {name} for {value.GetType().Name} in {version.ToWire()}"))
        .Invoke(null, [value, context])!;

    private static MethodInfo? Find(Type type, OcpiVersion version, string name) => Methods.GetOrAdd((type, version, name), static key =>
    {
        var (type, version, name) = key;
        var translator = version switch
        {
            OcpiVersion.V211 => typeof(V211.Translator),
            OcpiVersion.V221 => typeof(V221.Translator),
            _ => null,
        };
        return translator?.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [type, typeof(TranslationContext)]);
    });

    /// <summary>A 2.3.0 peer gets the canonical object without the fields carried for older versions.</summary>
    private static object WithoutCarriedFields(object canonical)
    {
        var json = OcpiJson.Serialize(canonical, OcpiVersion.V230);
        if (!json.Contains(Carry.KeyPrefix, StringComparison.Ordinal))
            return canonical;
        var node = JsonNode.Parse(json)!;
        Carry.StripAll(node);
        return JsonSerializer.Deserialize(node, OcpiJson.TypeInfo(canonical.GetType(), OcpiVersion.V230))!;
    }
}
