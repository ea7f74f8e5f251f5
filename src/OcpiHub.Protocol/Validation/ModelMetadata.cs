using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Validation;

/// <summary>What the validator needs to know of one model property, read once per type from its attributes.</summary>
internal sealed record FieldRule(
    PropertyInfo Property,
    string JsonName,
    bool Required,
    OcpiVersion? RequiredInPatchSince,
    StrAttribute? Str,
    CiStrAttribute? CiStr,
    bool Url,
    bool NonEmpty,
    RangeAttribute? Range,
    TextFormat? Format)
{
    public object? ValueOf(object owner) => Property.GetValue(owner);
}

internal static class ModelMetadata
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<FieldRule>> Fields = new();
    private static readonly ConcurrentDictionary<Type, EnumDomain> Domains = new();

    public static IReadOnlyList<FieldRule> FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is null
                        && p.GetCustomAttribute<JsonIgnoreAttribute>() is null
                        && p.GetIndexParameters().Length == 0
                        && p.Name != "EqualityContract")
            .Select(p => new FieldRule(
                p,
                JsonNameOf(p),
                p.IsDefined(typeof(RequiredAttribute)),
                p.GetCustomAttribute<RequiredInPatchAttribute>()?.Since,
                p.GetCustomAttribute<StrAttribute>(),
                p.GetCustomAttribute<CiStrAttribute>(),
                p.IsDefined(typeof(UrlAttribute)),
                p.IsDefined(typeof(NonEmptyAttribute)),
                p.GetCustomAttribute<RangeAttribute>(),
                p.GetCustomAttribute<FormatAttribute>()?.Format))
            .ToArray());

    public static string JsonNameOf(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);

    public static EnumDomain DomainOf(Type enumType) => Domains.GetOrAdd(enumType, static t =>
        (EnumDomain)t.GetProperty(nameof(IOcpiEnum<>.Domain), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

    public static bool IsList(object value) => value is IEnumerable and not string;
}
