using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// CDRs module, 2.1.1: the CDR embeds its Location, names the token by auth_id and prices as plain numbers.

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required] public DateTimeOffset? StartDateTime { get; init; }
    [Required] public AuthMethod? AuthMethod { get; init; }
    [Str(255)] public string? MeterId { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    public IReadOnlyList<Tariff>? Tariffs { get; init; }
    [Required, NonEmpty] public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; init; }
    [Required] public decimal? TotalCost { get; init; }
    [Required] public decimal? TotalEnergy { get; init; }
    [Required] public decimal? TotalTime { get; init; }
    public decimal? TotalParkingTime { get; init; }
    [Str(255)] public string? Remark { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
    [Required] public DateTimeOffset? StopDateTime { get; init; }
    [Required, Str(36)] public string? AuthId { get; init; }
    [Required] public Location? Location { get; init; }
}
