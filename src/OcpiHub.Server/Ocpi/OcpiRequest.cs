using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// What the hub knows of one request as it passes the pipeline, in one typed object (a feature of the request)
/// rather than loose string keys: its trace ids, the platform that authenticated, the party the answer speaks for,
/// the OCPI status written and, for the message log, when it started and whether its entry is written.
/// </summary>
public sealed class OcpiRequest
{
    /// <summary><c>X-Request-ID</c> as the response carries it; empty outside the tracing middleware.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>
    /// <c>X-Correlation-ID</c>; a command result takes its command's, so an operator follows both under one id. Made only
    /// when read unset (the tracing middleware sets it on every request).
    /// </summary>
    public string CorrelationId { get => field ??= TraceIds.New(); set; }

    /// <summary>The authenticated platform, its token and token kind; null before authentication or when refused.</summary>
    public OcpiCaller? Caller { get; set; }

    public Platform? Platform => Caller?.Platform;

    /// <summary>The party the answer speaks for (the owner of an object read through the hub); null: the hub itself.</summary>
    public PartyKey? AnsweringFor { get; set; }

    /// <summary>The <c>status_code</c> of the envelope written, if one was.</summary>
    public int? OcpiStatusWritten { get; set; }

    /// <summary>When the request came in (wall clock, and the timestamp its latency is measured from).</summary>
    public (DateTimeOffset Time, long Timestamp)? Started { get; set; }

    /// <summary>
    /// The connection's own cancellation where <see cref="HttpContext.RequestAborted"/> is also the forwarding budget's
    /// (<see cref="Forwarding.ForwardBudget"/>); null elsewhere.
    /// </summary>
    public CancellationToken? ConnectionAborted { get; set; }

    /// <summary>Its message log entry is written already (a push writes it with its data).</summary>
    public bool Logged { get; set; }
}

public static class OcpiRequests
{
    /// <summary>The request's <see cref="OcpiRequest"/>, made on first use.</summary>
    public static OcpiRequest Ocpi(this HttpContext context)
    {
        if (context.Features.Get<OcpiRequest>() is { } request)
            return request;
        request = new OcpiRequest();
        context.Features.Set(request);
        return request;
    }
}
