using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Tariffs module, 2.1.1: Tariff differs (no owner, 2.1.1 EnergyMix); its elements are the 2.3.0 types.

/// <summary>A tariff: prices of charging, parking and reservations.</summary>
public sealed record Tariff : OcpiObject
{
    [Required, Str(36)] public string? Id { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<DisplayText>? TariffAltText { get; init; }
    [Url] public string? TariffAltUrl { get; init; }
    [Required, NonEmpty] public IReadOnlyList<V230.TariffElement>? Elements { get; init; }
    public EnergyMix? EnergyMix { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}
