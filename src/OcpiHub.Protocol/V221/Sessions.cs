using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// Sessions module, 2.2.1: Session differs from 2.3.0 only by its 2.2.1 Price.

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    public DateTimeOffset? EndDateTime { get; set; }
    [Required] public decimal? Kwh { get; set; }
    [Required] public V230.CdrToken? CdrToken { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [Required, CiStr(36)] public string? EvseUid { get; set; }
    [Required, CiStr(36)] public string? ConnectorId { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; set; }
    public Price? TotalCost { get; set; }
    [Required] public SessionStatus? Status { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckSession(scope, EvseUid, ConnectorId, Status);
}
