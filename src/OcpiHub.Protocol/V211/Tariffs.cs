using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Tariffs module, 2.1.1: Tariff differs (no owner, 2.1.1 EnergyMix); its elements are the 2.3.0 types.

/// <summary>A tariff: prices of charging, parking and reservations.</summary>
public sealed record Tariff : OcpiObject
{
    [Required, Str(36)] public string? Id { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<DisplayText>? TariffAltText { get; set; }
    [Url] public string? TariffAltUrl { get; set; }
    [Required, NonEmpty] public IReadOnlyList<V230.TariffElement>? Elements { get; set; }
    public EnergyMix? EnergyMix { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}
