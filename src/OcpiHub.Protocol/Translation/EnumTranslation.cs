using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Translation;

/// <summary>Carrying enum values down to a version that may not define them.</summary>
public static class EnumTranslation
{
    /// <summary>
    /// A value the target version does not define becomes <paramref name="fallback"/> (or stays as it is when
    /// there is none and the enum is open), and the change is reported.
    /// </summary>
    public static T? Down<T>(T? value, OcpiVersion to, TranslationContext context, string objectName, string field, T? fallback = null)
        where T : struct, IOcpiEnum<T>
    {
        if (value is not { } known || T.Domain.Defines(known.Value, to))
            return value;
        var replacement = fallback ?? (T.Domain.IsOpen ? value : null);
        context.Lost(objectName, field, OcpiVersion.V230, to,
            replacement is { } r && r.Value != known.Value
                ? $"'{known.Value}' is not defined in {to.ToWire()}; sent as '{r.Value}'"
                : replacement is null
                    ? $"'{known.Value}' is not defined in {to.ToWire()}; dropped"
                    : $"'{known.Value}' is not defined in {to.ToWire()}; sent unchanged");
        return replacement;
    }

    /// <summary>List elements the target version does not define are dropped and reported.</summary>
    public static IReadOnlyList<T>? KeepDefined<T>(IReadOnlyList<T>? values, OcpiVersion to, TranslationContext context, string objectName, string field)
        where T : struct, IOcpiEnum<T>
    {
        if (values is null || values.All(v => T.Domain.Defines(v.Value, to)))
            return values;
        var dropped = values.Where(v => !T.Domain.Defines(v.Value, to)).Select(v => v.Value);
        context.Lost(objectName, field, OcpiVersion.V230, to,
            $"{string.Join(", ", dropped)} not defined in {to.ToWire()}; dropped from the list");
        return values.Where(v => T.Domain.Defines(v.Value, to)).ToArray();
    }
}
