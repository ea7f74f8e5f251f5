using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Commands module, 2.1.1 types that differ from 2.3.0 (a 2.1.1 Token; integer reservation ids).

/// <summary>Command START_SESSION.</summary>
public sealed record StartSession : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; init; }
    [Required] public Token? Token { get; init; }
    [Required, Str(39)] public string? LocationId { get; init; }
    [Str(39)] public string? EvseUid { get; init; }
}

/// <summary>Command RESERVE_NOW.</summary>
public sealed record ReserveNow : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; init; }
    [Required] public Token? Token { get; init; }
    [Required] public DateTimeOffset? ExpiryDate { get; init; }
    [Required] public int? ReservationId { get; init; }
    [Required, Str(39)] public string? LocationId { get; init; }
    [Str(39)] public string? EvseUid { get; init; }
}
