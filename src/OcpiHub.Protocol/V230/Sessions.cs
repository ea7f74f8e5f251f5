using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Sessions module, 2.3.0 (canonical).

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : OcpiObject, IValidatable
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    public DateTimeOffset? EndDateTime { get; init; }
    [Required] public decimal? Kwh { get; init; }
    [Required] public CdrToken? CdrToken { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [CiStr(36)] public string? AuthorizationReference { get; init; }
    [Required, CiStr(36)] public string? LocationId { get; init; }
    [Required, CiStr(36)] public string? EvseUid { get; init; }
    [Required, CiStr(36)] public string? ConnectorId { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; init; }
    public Price? TotalCost { get; init; }
    [Required] public SessionStatus? Status { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckSession(scope, EvseUid, ConnectorId, Status);
}

/// <summary>A driver's smart-charging preferences for a session (2.2.1+).</summary>
public sealed record ChargingPreferences : OcpiObject
{
    [Required] public ProfileType? ProfileType { get; init; }
    public DateTimeOffset? DepartureTime { get; init; }
    public decimal? EnergyNeed { get; init; }
    public bool? DischargeAllowed { get; init; }
}
