using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Tariffs module, 2.3.0 (canonical). TariffElement, PriceComponent and TariffRestrictions serve 2.1.1 and 2.2.1 too (later versions only added fields).

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
    public PriceLimit? MinPrice { get; init; }
    public PriceLimit? MaxPrice { get; init; }
    public decimal? PreauthorizeAmount { get; init; }
    [Required, NonEmpty] public IReadOnlyList<TariffElement>? Elements { get; init; }
    [Required] public TaxIncluded? TaxIncluded { get; init; }
    public DateTimeOffset? StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
    public EnergyMix? EnergyMix { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>Price components that apply while all restrictions hold.</summary>
public sealed record TariffElement : OcpiObject, IValidatable
{
    [Required, NonEmpty] public IReadOnlyList<PriceComponent>? PriceComponents { get; init; }
    public TariffRestrictions? Restrictions { get; init; }

    public void Validate(ValidationScope scope)
    {
        // A reservation element prices the reservation: a fee and its duration, nothing charged.
        if (Restrictions?.Reservation is null || PriceComponents is null)
            return;
        for (var i = 0; i < PriceComponents.Count; i++)
        {
            if (PriceComponents[i]?.Type is { } type && type != TariffDimensionType.Flat && type != TariffDimensionType.Time)
                scope.Problem($"price_components[{i}].type", $"'{type}' not allowed in a reservation element (only FLAT and TIME)");
        }
    }
}

/// <summary>The price of one dimension (energy, time, parking time, flat fee).</summary>
public sealed record PriceComponent : OcpiObject
{
    [Required] public TariffDimensionType? Type { get; init; }
    [Required] public decimal? Price { get; init; }
    public decimal? Vat { get; init; }
    [Required] public int? StepSize { get; init; }
}

/// <summary>When a tariff element applies; every restriction set must hold.</summary>
public sealed record TariffRestrictions : OcpiObject
{
    [Str(5), Format(TextFormat.HourMinute)] public string? StartTime { get; init; }
    [Str(5), Format(TextFormat.HourMinute)] public string? EndTime { get; init; }
    [Str(10), Format(TextFormat.Date)] public string? StartDate { get; init; }
    [Str(10), Format(TextFormat.Date)] public string? EndDate { get; init; }
    public decimal? MinKwh { get; init; }
    public decimal? MaxKwh { get; init; }
    public decimal? MinCurrent { get; init; }
    public decimal? MaxCurrent { get; init; }
    public decimal? MinPower { get; init; }
    public decimal? MaxPower { get; init; }
    public int? MinDuration { get; init; }
    public int? MaxDuration { get; init; }
    public IReadOnlyList<Enums.DayOfWeek>? DayOfWeek { get; init; }
    public ReservationRestrictionType? Reservation { get; init; }
}

/// <summary>An amount of money.</summary>
public sealed record Price : OcpiObject
{
    [Required] public decimal? BeforeTaxes { get; init; }
    public IReadOnlyList<TaxAmount>? Taxes { get; init; }
}

/// <summary>A minimum or maximum price of a tariff (2.3.0).</summary>
public sealed record PriceLimit : OcpiObject
{
    [Required] public decimal? BeforeTaxes { get; init; }
    public decimal? AfterTaxes { get; init; }
}

/// <summary>One tax due on an amount (2.3.0).</summary>
public sealed record TaxAmount : OcpiObject
{
    [Required] public string? Name { get; init; }
    public string? AccountNumber { get; init; }
    public decimal? Percentage { get; init; }
    [Required] public decimal? Amount { get; init; }
}
