using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// CDRs module, 2.1.1: the CDR embeds its Location, names the token by auth_id and prices as plain numbers.

/// <summary>A charge detail record: the final, billable account of a session.</summary>
public sealed record Cdr : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required] public DateTimeOffset? StartDateTime { get; set; }
    [Required] public AuthMethod? AuthMethod { get; set; }
    [Str(255)] public string? MeterId { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    public IReadOnlyList<Tariff>? Tariffs { get; set; }
    [Required, NonEmpty] public IReadOnlyList<V230.ChargingPeriod>? ChargingPeriods { get; set; }
    [Required] public decimal? TotalCost { get; set; }
    [Required] public decimal? TotalEnergy { get; set; }
    [Required] public decimal? TotalTime { get; set; }
    public decimal? TotalParkingTime { get; set; }
    [Str(255)] public string? Remark { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
    [Required] public DateTimeOffset? StopDateTime { get; set; }
    [Required, Str(36)] public string? AuthId { get; set; }
    [Required] public Location? Location { get; set; }
}
