using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

/// <summary>Share of one energy source in an energy mix, in percent.</summary>
public sealed record EnergySource : OcpiObject
{
    [Required] public Enums.EnergySourceCategory? Source { get; set; }
    [Required, Range(0, 100)] public decimal? Percentage { get; set; }
}

/// <summary>One measured dimension of a charging period.</summary>
public sealed record CdrDimension : OcpiObject
{
    [Required] public Enums.CdrDimensionType? Type { get; set; }
    [Required] public decimal? Volume { get; set; }
}

