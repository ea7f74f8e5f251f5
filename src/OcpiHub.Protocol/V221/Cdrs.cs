using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// CDRs module, 2.2.1: Cdr differs from 2.3.0 by its 2.2.1 Price and Tariff.

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(39)] public string? Id { get; set; }
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    [Required] public DateTimeOffset? EndDateTime { get; set; }
    [CiStr(36)] public string? SessionId { get; set; }
    [Required] public V230.CdrToken? CdrToken { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
    [Required] public V230.CdrLocation? CdrLocation { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<Tariff>? Tariffs { get; set; }
    [Required, NonEmpty] public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; set; }
    public V230.SignedData? SignedData { get; set; }
    [Required] public Price? TotalCost { get; set; }
    public Price? TotalFixedCost { get; set; }
    [Required] public decimal? TotalEnergy { get; set; }
    public Price? TotalEnergyCost { get; set; }
    [Required] public decimal? TotalTime { get; set; }
    public Price? TotalTimeCost { get; set; }
    public decimal? TotalParkingTime { get; set; }
    public Price? TotalParkingCost { get; set; }
    public Price? TotalReservationCost { get; set; }
    [Str(255)] public string? Remark { get; set; }
    [CiStr(39)] public string? InvoiceReferenceId { get; set; }
    public bool? Credit { get; set; }
    [CiStr(39)] public string? CreditReferenceId { get; set; }
    public bool? HomeChargingCompensation { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckCdr(scope, Id, Credit, CreditReferenceId, ChargingPeriods);
}
