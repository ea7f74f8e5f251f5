using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Translation;

/// <summary>Carrying enum values down to a version that may not define them.</summary>
public static class EnumTranslation
{
    /// <summary>
    /// A value the target version does not define becomes <paramref name="fallback"/>, or is left out when there is
    /// none (it stays as it is only where the enum is open in the target version, <see cref="EnumDomain.IsOpenIn"/>),
    /// and the change is reported. A required field left out: see <see cref="DropIncomplete"/>.
    /// </summary>
    public static T? Down<T>(T? value, OcpiVersion to, TranslationContext context, string objectName, string field, T? fallback = null)
        where T : struct, IOcpiEnum<T>
    {
        if (value is not { } known || T.Domain.Defines(known.Value, to))
            return value;
        var replacement = fallback ?? (T.Domain.IsOpenIn(to) ? value : null);
        context.Lost(objectName, field, OcpiVersion.V230, to,
            replacement is { } r && r.Value != known.Value
                ? $"'{known.Value}' is not defined in {to.ToWire()}; sent as '{r.Value}'"
                : replacement is null
                    ? $"'{known.Value}' is not defined in {to.ToWire()}; dropped"
                    : $"'{known.Value}' is not defined in {to.ToWire()}; sent unchanged");
        return replacement;
    }

    /// <summary>
    /// The items of a list without those <paramref name="incomplete"/> says lost a value the target version requires
    /// (a connector without a standard of the version, an EVSE left without connectors, a tariff left without
    /// elements): a receiver would refuse the whole object for one. Each is reported, by <paramref name="nameOf"/> where it has a name.
    /// </summary>
    public static IReadOnlyList<T>? DropIncomplete<T>(IReadOnlyList<T>? items, Func<T, bool> incomplete, Func<T, string?> nameOf,
        OcpiVersion to, TranslationContext context, string objectName, string field, string why)
    {
        if (items is null || !items.Any(incomplete))
            return items;
        var dropped = items.Where(incomplete).ToArray();
        context.Lost(objectName, field, OcpiVersion.V230, to,
            $"{dropped.Length} dropped ({string.Join(", ", dropped.Select(i => nameOf(i) ?? "unnamed"))}): {why}");
        return items.Where(i => !incomplete(i)).ToArray();
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
