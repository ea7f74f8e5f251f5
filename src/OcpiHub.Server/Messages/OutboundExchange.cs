using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Messages;

/// <summary>
/// What the message log records about a call to a partner beyond its address: whom it is for and what, and what
/// the translation of its body to the partner's version could not carry (<see cref="TranslationLosses"/>).
/// </summary>
public sealed record PartnerCallInfo(string? PlatformId = null, string? Module = null, PartyKey? From = null, PartyKey? To = null,
    IReadOnlyList<string>? TranslationLosses = null);

/// <summary>One call to a partner being timed for the message log; HTTP status 0 when no answer came.</summary>
public sealed class OutboundExchange(TimeProvider clock, HttpMethod method, string url, string requestId, string correlationId, PartnerCallInfo? about)
{
    private readonly DateTimeOffset time = clock.GetUtcNow();
    private readonly long started = clock.GetTimestamp();

    public int HttpStatus { get; set; }
    public int? OcpiStatus { get; set; }

    public MessageEntry ToEntry() => new(time, MessageDirection.Out, about?.PlatformId, about?.From?.ToString(), about?.To?.ToString(), about?.Module,
        method.Method, MessagePaths.Outbound(url), OcpiStatus, HttpStatus, (int)clock.GetElapsedTime(started).TotalMilliseconds, requestId, correlationId,
        about?.TranslationLosses is { Count: > 0 } losses ? losses : null);
}
