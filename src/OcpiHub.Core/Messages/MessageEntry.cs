namespace OcpiHub.Core.Messages;

public enum MessageDirection
{
    /// <summary>A request a platform sent to the hub.</summary>
    In,
    /// <summary>A request the hub sent to a platform.</summary>
    Out,
}

/// <summary>
/// One OCPI exchange as the message log keeps it: when, which way, with whom, what, how it ended and its trace
/// ids. Never a body or a token: <see cref="Path"/> is the path (or, outbound, the URL) without credentials.
/// <see cref="TranslationLosses"/>: what the hub's translation of an outbound body could not carry to the
/// receiver's version (one line each), null when nothing was lost.
/// </summary>
public sealed record MessageEntry(
    DateTimeOffset Time,
    MessageDirection Direction,
    string? PlatformId,
    string? From,
    string? To,
    string? Module,
    string Method,
    string Path,
    int? OcpiStatus,
    int HttpStatus,
    int LatencyMs,
    string RequestId,
    string CorrelationId,
    IReadOnlyList<string>? TranslationLosses = null);

/// <summary>
/// Which entries to list: every given criterion must match (<see cref="Party"/>: the party an entry is from or to, as
/// <c>CC*PID</c>); newest first, <see cref="Limit"/> from <see cref="Offset"/>.
/// </summary>
public sealed record MessageQuery(
    string? CorrelationId = null,
    string? PlatformId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = MessageQuery.DefaultLimit,
    int Offset = 0,
    string? Party = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
