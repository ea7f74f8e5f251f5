using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Sessions module, 2.1.1: the Session embeds its Location and names the token by auth_id.

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : OcpiObject
{
    [Required, Str(36)] public string? Id { get; init; }
    [Required] public decimal? Kwh { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; init; }
    public decimal? TotalCost { get; init; }
    [Required] public SessionStatus? Status { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
    [Required] public DateTimeOffset? StartDatetime { get; init; }
    public DateTimeOffset? EndDatetime { get; init; }
    [Required, Str(36)] public string? AuthId { get; init; }
    [Required] public Location? Location { get; init; }
}
