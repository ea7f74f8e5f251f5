using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V221;

// Sessions module, 2.2.1: Session differs from 2.3.0 only by its 2.2.1 Price.

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
    [Required] public decimal? Kwh { get; init; }
    [Required] public V230.CdrToken? CdrToken { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [CiStr(36)] public string? AuthorizationReference { get; init; }
    [Required, CiStr(36)] public string? LocationId { get; init; }
    [Required, CiStr(36)] public string? EvseUid { get; init; }
    [Required, CiStr(36)] public string? ConnectorId { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; init; }
    public Price? TotalCost { get; init; }
    [Required] public SessionStatus? Status { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckSession(scope, EvseUid, ConnectorId, Status);
}
