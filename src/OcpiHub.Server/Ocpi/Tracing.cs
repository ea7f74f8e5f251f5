using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// <c>X-Request-ID</c> and <c>X-Correlation-ID</c> on every exchange: taken from the request or generated, and
/// returned with the response (2.1.1 peers too). Outbound calls keep the correlation id and get a new request id.
/// </summary>
public static class Tracing
{
    public const string RequestIdHeader = "X-Request-ID";
    public const string CorrelationIdHeader = "X-Correlation-ID";

    public static string CorrelationId(this HttpContext context) => context.Ocpi().CorrelationId;

    /// <summary>The id of this exchange as its response carries it (the message log records it).</summary>
    public static string RequestId(this HttpContext context) => context.Ocpi().RequestId;

    public static IApplicationBuilder UseOcpiTracing(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var requestId = Header(context, RequestIdHeader);
        var correlationId = Header(context, CorrelationIdHeader);
        context.Features.Set(new OcpiRequest { RequestId = requestId, CorrelationId = correlationId });
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[RequestIdHeader] = requestId;
            context.Response.Headers[CorrelationIdHeader] = correlationId;
            return Task.CompletedTask;
        });
        await next(context);
    });

    private static string Header(HttpContext context, string name) =>
        context.Request.Headers[name].FirstOrDefault() is { Length: > 0 and <= 255 } value ? value : TraceIds.New();
}
