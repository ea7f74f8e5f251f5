using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

// Types whose wire shape is the same in 2.1.1, 2.2.1 and 2.3.0. Version differences in their rules
// (ASCII vs UTF-8, coordinate decimals, Hours choice) are applied by the validator and their own Validate.

/// <summary>Text in one language.</summary>
public sealed record DisplayText : OcpiObject
{
    [Required, Format(TextFormat.Language)] public string? Language { get; set; }
    [Required, Str(512)] public string? Text { get; set; }
}

/// <summary>WGS 84 coordinates as decimal strings.</summary>
public sealed record GeoLocation : OcpiObject
{
    [Required, Format(TextFormat.Latitude)] public string? Latitude { get; set; }
    [Required, Format(TextFormat.Longitude)] public string? Longitude { get; set; }
}

/// <summary>A related point, such as an entrance, with an optional name.</summary>
public sealed record AdditionalGeoLocation : OcpiObject
{
    [Required, Format(TextFormat.Latitude)] public string? Latitude { get; set; }
    [Required, Format(TextFormat.Longitude)] public string? Longitude { get; set; }
    public DisplayText? Name { get; set; }
}

/// <summary>Name, website and logo of an operator, owner or party.</summary>
public sealed record BusinessDetails : OcpiObject
{
    [Required, Str(100)] public string? Name { get; set; }
    [Url] public string? Website { get; set; }
    public Image? Logo { get; set; }
}

/// <summary>A picture with its category and size.</summary>
public sealed record Image : OcpiObject
{
    [Required, Url] public string? Url { get; set; }
    [Url] public string? Thumbnail { get; set; }
    [Required] public Enums.ImageCategory? Category { get; set; }
    [Required, CiStr(4)] public string? Type { get; set; }
    [Range(0, 99999)] public int? Width { get; set; }
    [Range(0, 99999)] public int? Height { get; set; }
}
