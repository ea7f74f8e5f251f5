using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Commands module, 2.1.1 types that differ from 2.3.0 (a 2.1.1 Token; integer reservation ids).

/// <summary>Command START_SESSION.</summary>
public sealed record StartSession : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required] public Token? Token { get; set; }
    [Required, Str(39)] public string? LocationId { get; set; }
    [Str(39)] public string? EvseUid { get; set; }
}

/// <summary>Command RESERVE_NOW.</summary>
public sealed record ReserveNow : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required] public Token? Token { get; set; }
    [Required] public DateTimeOffset? ExpiryDate { get; set; }
    [Required] public int? ReservationId { get; set; }
    [Required, Str(39)] public string? LocationId { get; set; }
    [Str(39)] public string? EvseUid { get; set; }
}
