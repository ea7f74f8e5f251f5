using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// Tariffs module, 2.2.1 types whose shape differs from 2.3.0: Price (excl_vat/incl_vat) and Tariff (Price limits, no tax_included).

/// <summary>A tariff: prices of charging, parking and reservations.</summary>
public sealed record Tariff : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public TariffType? Type { get; init; }
    public IReadOnlyList<DisplayText>? TariffAltText { get; init; }
    [Url] public string? TariffAltUrl { get; init; }
    public Price? MinPrice { get; init; }
    public Price? MaxPrice { get; init; }
    [Required, NonEmpty] public IReadOnlyList<V230.TariffElement>? Elements { get; init; }
    public DateTimeOffset? StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
    public V230.EnergyMix? EnergyMix { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>An amount of money.</summary>
public sealed record Price : OcpiObject
{
    [Required] public decimal? ExclVat { get; init; }
    public decimal? InclVat { get; init; }
}
