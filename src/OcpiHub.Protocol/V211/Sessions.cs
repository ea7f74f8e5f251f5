using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Sessions module, 2.1.1: the Session embeds its Location and names the token by auth_id.

/// <summary>A charging session at a CPO.</summary>
public sealed record Session : OcpiObject
{
    [Required, Str(36)] public string? Id { get; set; }
    [Required] public decimal? Kwh { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; set; }
    public decimal? TotalCost { get; set; }
    [Required] public SessionStatus? Status { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
    [Required] public DateTimeOffset? StartDatetime { get; set; }
    public DateTimeOffset? EndDatetime { get; set; }
    [Required, Str(36)] public string? AuthId { get; set; }
    [Required] public Location? Location { get; set; }
}
