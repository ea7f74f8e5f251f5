using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// CDRs module, 2.2.1: Cdr differs from 2.3.0 by its 2.2.1 Price and Tariff.

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(39)] public string? Id { get; init; }
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    [Required] public DateTimeOffset? EndDateTime { get; init; }
    [CiStr(36)] public string? SessionId { get; init; }
    [Required] public V230.CdrToken? CdrToken { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [CiStr(36)] public string? AuthorizationReference { get; init; }
    [Required] public V230.CdrLocation? CdrLocation { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<Tariff>? Tariffs { get; init; }
    [Required, NonEmpty] public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; init; }
    public V230.SignedData? SignedData { get; init; }
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
