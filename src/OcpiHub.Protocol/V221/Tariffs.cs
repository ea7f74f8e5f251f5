using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// Tariffs module, 2.2.1 types whose shape differs from 2.3.0: Price (excl_vat/incl_vat) and Tariff (Price limits, no tax_included).

/// <summary>A tariff: prices of charging, parking and reservations.</summary>
public sealed record Tariff : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public TariffType? Type { get; set; }
    public IReadOnlyList<DisplayText>? TariffAltText { get; set; }
    [Url] public string? TariffAltUrl { get; set; }
    public Price? MinPrice { get; set; }
    public Price? MaxPrice { get; set; }
    [Required, NonEmpty] public IReadOnlyList<V230.TariffElement>? Elements { get; set; }
    public DateTimeOffset? StartDateTime { get; set; }
    public DateTimeOffset? EndDateTime { get; set; }
    public V230.EnergyMix? EnergyMix { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>An amount of money.</summary>
public sealed record Price : OcpiObject
{
    [Required] public decimal? ExclVat { get; set; }
    public decimal? InclVat { get; set; }
}
