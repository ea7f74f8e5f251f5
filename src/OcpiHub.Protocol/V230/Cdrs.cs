using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// CDRs module, 2.3.0 (canonical). CdrToken, CdrLocation, ChargingPeriod and SignedData serve 2.2.1 too; ChargingPeriod serves 2.1.1.

/// <summary>
/// The fields of a CDR, shared by 2.2.1 and 2.3.0, which differ only in the shapes of their Price and Tariff.
/// </summary>
public abstract record CdrFields<TPrice, TTariff> : OcpiObject, IValidatable where TPrice : OcpiObject where TTariff : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(39)] public string? Id { get; set; }
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    [Required] public DateTimeOffset? EndDateTime { get; set; }
    [CiStr(36)] public string? SessionId { get; set; }
    [Required] public CdrToken? CdrToken { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
    [Required] public CdrLocation? CdrLocation { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<TTariff>? Tariffs { get; set; }
    [Required, NonEmpty] public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; set; }
    public SignedData? SignedData { get; set; }
    [Required] public TPrice? TotalCost { get; set; }
    public TPrice? TotalFixedCost { get; set; }
    [Required] public decimal? TotalEnergy { get; set; }
    public TPrice? TotalEnergyCost { get; set; }
    [Required] public decimal? TotalTime { get; set; }
    public TPrice? TotalTimeCost { get; set; }
    public decimal? TotalParkingTime { get; set; }
    public TPrice? TotalParkingCost { get; set; }
    public TPrice? TotalReservationCost { get; set; }
    [Str(255)] public string? Remark { get; set; }
    [CiStr(39)] public string? InvoiceReferenceId { get; set; }
    public bool? Credit { get; set; }
    [CiStr(39)] public string? CreditReferenceId { get; set; }
    public bool? HomeChargingCompensation { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckCdr(scope, Id, Credit, CreditReferenceId, ChargingPeriods);
}

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : CdrFields<Price, Tariff>;

/// <summary>Where a CDR's session took place, as sealed at its start.</summary>
public sealed record CdrLocation : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; set; }
    [Str(255)] public string? Name { get; set; }
    [Required, Str(45)] public string? Address { get; set; }
    [Required, Str(45)] public string? City { get; set; }
    [Str(10)] public string? PostalCode { get; set; }
    [Str(20)] public string? State { get; set; }
    [Required, Format(TextFormat.Country)] public string? Country { get; set; }
    [Required] public GeoLocation? Coordinates { get; set; }
    [Required, CiStr(36)] public string? EvseUid { get; set; }
    [Required, CiStr(48)] public string? EvseId { get; set; }
    [Required, CiStr(36)] public string? ConnectorId { get; set; }
    [Required] public ConnectorType? ConnectorStandard { get; set; }
    [Required] public ConnectorFormat? ConnectorFormat { get; set; }
    [Required] public PowerType? ConnectorPowerType { get; set; }
}

/// <summary>The token a session or CDR was authorized with, and its eMSP.</summary>
public sealed record CdrToken : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Uid { get; set; }
    [Required] public TokenType? Type { get; set; }
    [Required, CiStr(36)] public string? ContractId { get; set; }
}

/// <summary>A period of a session with constant cost-relevant values.</summary>
public sealed record ChargingPeriod : OcpiObject
{
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    [Required, NonEmpty] public IReadOnlyList<CdrDimension>? Dimensions { get; set; }
    [CiStr(36)] public string? TariffId { get; set; }
}

/// <summary>Calibration-law signed meter values of a CDR.</summary>
public sealed record SignedData : OcpiObject
{
    [Required, CiStr(36)] public string? EncodingMethod { get; set; }
    public int? EncodingMethodVersion { get; set; }
    [Str(512)] public string? PublicKey { get; set; }
    [Required, NonEmpty] public IReadOnlyList<SignedValue>? SignedValues { get; set; }
    [Str(512)] public string? Url { get; set; }
}

/// <summary>One signed meter value.</summary>
public sealed record SignedValue : OcpiObject
{
    [Required, CiStr(32)] public string? Nature { get; set; }
    [Required, Str(5000)] public string? PlainData { get; set; }
    [Required, Str(5000)] public string? SignedData { get; set; }
}
