using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
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
    // Compiled once: every object the hub is pushed or pulls has each of its fields read here.
    private readonly Func<object, object?> getter = Getter(Property);

    public object? ValueOf(object owner) => getter(owner);

    private static Func<object, object?> Getter(PropertyInfo property)
    {
        var owner = Expression.Parameter(typeof(object));
        var value = Expression.Property(Expression.Convert(owner, property.DeclaringType!), property);
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(value, typeof(object)), owner).Compile();
    }
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
