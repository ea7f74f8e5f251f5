namespace OcpiHub.Protocol.Validation;

// Field rules, written on model properties the way the spec tables write them. The validator applies them
// per version (e.g. 2.1.1 strings are ASCII, 2.2.1+ strings UTF-8).

/// <summary>Cardinality 1 or +: the field must be present in a full object.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>Required in a PATCH body too, from <see cref="Since"/> on (2.2.1+: Locations, Sessions, Tokens).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredInPatchAttribute(OcpiVersion since) : Attribute
{
    public OcpiVersion Since { get; } = since;
}

/// <summary><c>string(n)</c>: printable text of at most n characters (ASCII in 2.1.1, UTF-8 later).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StrAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

/// <summary><c>CiString(n)</c>: printable ASCII of at most n characters, compared case-insensitively.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CiStrAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

/// <summary><c>URL</c>: an absolute http(s) URL of at most 255 characters.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UrlAttribute : Attribute;

/// <summary>Cardinality +: a list that, when present, holds at least one element.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NonEmptyAttribute : Attribute;

/// <summary>An integer or number within bounds (weekday 1..7, int(5) image sizes, percentages).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(double min, double max) : Attribute
{
    public decimal Min { get; } = (decimal)min;
    public decimal Max { get; } = (decimal)max;
}

public enum TextFormat
{
    /// <summary>GeoLocation latitude: 2.1.1 exactly 6 decimals, 2.2.1+ 5 to 7.</summary>
    Latitude,
    /// <summary>GeoLocation longitude: 2.1.1 exactly 6 decimals, 2.2.1+ 5 to 7.</summary>
    Longitude,
    /// <summary>Local time <c>HH:MM</c>.</summary>
    HourMinute,
    /// <summary>Local date <c>YYYY-MM-DD</c>.</summary>
    Date,
    /// <summary>ISO 4217 currency code, three letters.</summary>
    Currency,
    /// <summary>ISO 639-1 language code, two letters.</summary>
    Language,
    /// <summary>ISO 3166-1 alpha-2 country code of a party.</summary>
    CountryCode,
    /// <summary>ISO 3166-1 alpha-3 country of an address.</summary>
    Country,
    /// <summary>Party id: three alphanumeric characters.</summary>
    PartyId,
}

/// <summary>A string field with a fixed syntax.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(TextFormat format) : Attribute
{
    public TextFormat Format { get; } = format;
}
