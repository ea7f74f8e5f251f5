using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Tariffs module, 2.3.0 (canonical). TariffElement, PriceComponent and TariffRestrictions serve 2.1.1 and 2.2.1 too (later versions only added fields).

/// <summary>
/// The fields of a Tariff, shared by 2.2.1 and 2.3.0: 2.2.1 bounds prices with a Price, 2.3.0 with a
/// <see cref="PriceLimit"/>, and 2.3.0 adds the fields of <see cref="Tariff"/>.
/// </summary>
public abstract record TariffFields<TLimit> : OcpiObject where TLimit : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public TariffType? Type { get; set; }
    public IReadOnlyList<DisplayText>? TariffAltText { get; set; }
    [Url] public string? TariffAltUrl { get; set; }
    public TLimit? MinPrice { get; set; }
    public TLimit? MaxPrice { get; set; }
    [Required, NonEmpty] public IReadOnlyList<TariffElement>? Elements { get; set; }
    public DateTimeOffset? StartDateTime { get; set; }
    public DateTimeOffset? EndDateTime { get; set; }
    public EnergyMix? EnergyMix { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>A tariff: prices of charging, parking and reservations.</summary>
public sealed record Tariff : TariffFields<PriceLimit>
{
    public decimal? PreauthorizeAmount { get; set; }
    [Required] public TaxIncluded? TaxIncluded { get; set; }
}

/// <summary>Price components that apply while all restrictions hold.</summary>
public sealed record TariffElement : OcpiObject, IValidatable
{
    [Required, NonEmpty] public IReadOnlyList<PriceComponent>? PriceComponents { get; set; }
    public TariffRestrictions? Restrictions { get; set; }

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
    [Required] public TariffDimensionType? Type { get; set; }
    [Required] public decimal? Price { get; set; }
    public decimal? Vat { get; set; }
    [Required] public int? StepSize { get; set; }
}

/// <summary>When a tariff element applies; every restriction set must hold.</summary>
public sealed record TariffRestrictions : OcpiObject
{
    [Str(5), Format(TextFormat.HourMinute)] public string? StartTime { get; set; }
    [Str(5), Format(TextFormat.HourMinute)] public string? EndTime { get; set; }
    [Str(10), Format(TextFormat.Date)] public string? StartDate { get; set; }
    [Str(10), Format(TextFormat.Date)] public string? EndDate { get; set; }
    public decimal? MinKwh { get; set; }
    public decimal? MaxKwh { get; set; }
    public decimal? MinCurrent { get; set; }
    public decimal? MaxCurrent { get; set; }
    public decimal? MinPower { get; set; }
    public decimal? MaxPower { get; set; }
    public int? MinDuration { get; set; }
    public int? MaxDuration { get; set; }
    public IReadOnlyList<Enums.DayOfWeek>? DayOfWeek { get; set; }
    public ReservationRestrictionType? Reservation { get; set; }
}

/// <summary>An amount of money.</summary>
public sealed record Price : OcpiObject
{
    [Required] public decimal? BeforeTaxes { get; set; }
    public IReadOnlyList<TaxAmount>? Taxes { get; set; }
}

/// <summary>A minimum or maximum price of a tariff (2.3.0).</summary>
public sealed record PriceLimit : OcpiObject
{
    [Required] public decimal? BeforeTaxes { get; set; }
    public decimal? AfterTaxes { get; set; }
}

/// <summary>One tax due on an amount (2.3.0).</summary>
public sealed record TaxAmount : OcpiObject
{
    [Required] public string? Name { get; set; }
    public string? AccountNumber { get; set; }
    public decimal? Percentage { get; set; }
    [Required] public decimal? Amount { get; set; }
}
