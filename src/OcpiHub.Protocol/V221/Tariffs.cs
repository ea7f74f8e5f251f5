using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// Tariffs module, 2.2.1 types whose shape differs from 2.3.0: Price (excl_vat/incl_vat) and Tariff (Price limits, no tax_included).

/// <summary>A tariff, with 2.2.1 price bounds and no tax_included.</summary>
public sealed record Tariff : V230.TariffFields<Price>;

/// <summary>An amount of money.</summary>
public sealed record Price : OcpiObject
{
    [Required] public decimal? ExclVat { get; set; }
    public decimal? InclVat { get; set; }
}
