using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Sessions module, 2.3.0 (canonical).

/// <summary>
/// The fields of a Session, shared by 2.2.1 and 2.3.0, which differ only in the shape of their Price
/// (<see cref="V221.Price"/>: excl_vat/incl_vat; <see cref="Price"/>: before_taxes/taxes).
/// </summary>
public abstract record SessionFields<TPrice> : OcpiObject, IValidatable where TPrice : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    public DateTimeOffset? EndDateTime { get; set; }
    [Required] public decimal? Kwh { get; set; }
    [Required] public CdrToken? CdrToken { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [Required, CiStr(36)] public string? EvseUid { get; set; }
    [Required, CiStr(36)] public string? ConnectorId { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<ChargingPeriod>? ChargingPeriods { get; set; }
    public TPrice? TotalCost { get; set; }
    [Required] public SessionStatus? Status { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }

    public void Validate(ValidationScope scope) =>
        ChargeRules.CheckSession(scope, EvseUid, ConnectorId, Status);
}

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : SessionFields<Price>;

/// <summary>A driver's smart-charging preferences for a session (2.2.1+).</summary>
public sealed record ChargingPreferences : OcpiObject
{
    [Required] public ProfileType? ProfileType { get; set; }
    public DateTimeOffset? DepartureTime { get; set; }
    public decimal? EnergyNeed { get; set; }
    public bool? DischargeAllowed { get; set; }
}
