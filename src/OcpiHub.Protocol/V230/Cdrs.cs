using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// CDRs module, 2.3.0 (canonical). CdrToken, CdrLocation, ChargingPeriod and SignedData serve 2.2.1 too; ChargingPeriod serves 2.1.1.

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(39)] public string? Id { get; init; }
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    [Required] public DateTimeOffset? EndDateTime { get; init; }
    [CiStr(36)] public string? SessionId { get; init; }
    [Required] public CdrToken? CdrToken { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [CiStr(36)] public string? AuthorizationReference { get; init; }
    [Required] public CdrLocation? CdrLocation { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<Tariff>? Tariffs { get; init; }
    [Required, NonEmpty] public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; init; }
    public SignedData? SignedData { get; init; }
    [Required] public Price? TotalCost { get; init; }
    public Price? TotalFixedCost { get; init; }
    [Required] public decimal? TotalEnergy { get; init; }
    public Price? TotalEnergyCost { get; init; }
    [Required] public decimal? TotalTime { get; init; }
    public Price? TotalTimeCost { get; init; }
    public decimal? TotalParkingTime { get; init; }
    public Price? TotalParkingCost { get; init; }
    public Price? TotalReservationCost { get; init; }
    [Str(255)] public string? Remark { get; init; }
    [CiStr(39)] public string? InvoiceReferenceId { get; init; }
    public bool? Credit { get; init; }
    [CiStr(39)] public string? CreditReferenceId { get; init; }
    public bool? HomeChargingCompensation { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckCdr(scope, Id, Credit, CreditReferenceId, ChargingPeriods);
}

/// <summary>Where a CDR's session took place, as sealed at its start.</summary>
public sealed record CdrLocation : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; init; }
    [Str(255)] public string? Name { get; init; }
    [Required, Str(45)] public string? Address { get; init; }
    [Required, Str(45)] public string? City { get; init; }
    [Str(10)] public string? PostalCode { get; init; }
    [Str(20)] public string? State { get; init; }
    [Required, Format(TextFormat.Country)] public string? Country { get; init; }
    [Required] public GeoLocation? Coordinates { get; init; }
    [Required, CiStr(36)] public string? EvseUid { get; init; }
    [Required, CiStr(48)] public string? EvseId { get; init; }
    [Required, CiStr(36)] public string? ConnectorId { get; init; }
    [Required] public ConnectorType? ConnectorStandard { get; init; }
    [Required] public ConnectorFormat? ConnectorFormat { get; init; }
    [Required] public PowerType? ConnectorPowerType { get; init; }
}

/// <summary>The token a session or CDR was authorized with, and its eMSP.</summary>
public sealed record CdrToken : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Uid { get; init; }
    [Required] public TokenType? Type { get; init; }
    [Required, CiStr(36)] public string? ContractId { get; init; }
}

/// <summary>A period of a session with constant cost-relevant values.</summary>
public sealed record ChargingPeriod : OcpiObject
{
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    [Required, NonEmpty] public IReadOnlyList<CdrDimension>? Dimensions { get; init; }
    [CiStr(36)] public string? TariffId { get; init; }
}

/// <summary>Calibration-law signed meter values of a CDR.</summary>
public sealed record SignedData : OcpiObject
{
    [Required, CiStr(36)] public string? EncodingMethod { get; init; }
    public int? EncodingMethodVersion { get; init; }
    [Str(512)] public string? PublicKey { get; init; }
    [Required, NonEmpty] public IReadOnlyList<SignedValue>? SignedValues { get; init; }
    [Str(512)] public string? Url { get; init; }
}

/// <summary>One signed meter value.</summary>
public sealed record SignedValue : OcpiObject
{
    [Required, CiStr(32)] public string? Nature { get; init; }
    [Required, Str(5000)] public string? PlainData { get; init; }
    [Required, Str(5000)] public string? SignedData { get; init; }
}
