using OcpiHub.Core.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Messages;

/// <summary>
/// Logs every request under <c>/ocpi</c> once it has been answered: the calling platform when it authenticated,
/// the routing parties it named, the module, the OCPI and HTTP status, the latency and both trace ids.
/// </summary>
public static class InboundMessageLog
{
    /// <summary>Goes after <see cref="Tracing.UseOcpiTracing"/> (it reads the ids) and before the error handler (it logs its answers too).</summary>
    public static IApplicationBuilder UseInboundMessageLog(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/ocpi"), ocpi => ocpi.Use(async (context, next) =>
        {
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var time = clock.GetUtcNow();
            var started = clock.GetTimestamp();
            context.Ocpi().Started = (time, started);
            try
            {
                await next(context);
            }
            finally
            {
                if (!context.Ocpi().Logged)
                {
                    var latency = clock.GetElapsedTime(started);
                    context.RequestServices.GetRequiredService<MessageRecorder>()
                        .Record(() => Describe(context, time, latency, context.OcpiStatusWritten(), context.Response.StatusCode));
                }
            }
        }));

    /// <summary>
    /// The entry of a request that is about to be answered with success, for a push to write in the transaction
    /// of its data (nothing acknowledged goes unlogged); after <see cref="MarkWritten"/> the middleware leaves it.
    /// </summary>
    public static MessageEntry SuccessEntry(HttpContext context, int httpStatus)
    {
        var (time, started) = context.Ocpi().Started!.Value;
        var latency = context.RequestServices.GetRequiredService<TimeProvider>().GetElapsedTime(started);
        return Describe(context, time, latency, Protocol.Common.OcpiStatusCodes.Success, httpStatus);
    }

    public static void MarkWritten(HttpContext context) => context.Ocpi().Logged = true;

    private static MessageEntry Describe(HttpContext context, DateTimeOffset time, TimeSpan latency, int? ocpiStatus, int httpStatus) => new(
        time, MessageDirection.In, context.CallerIfAny()?.Platform.Id,
        RoutingParty(context.Request, "from"), RoutingParty(context.Request, "to"),
        MessagePaths.ModuleOf(context.Request.Path), context.Request.Method, MessagePaths.Inbound(context.Request),
        ocpiStatus, httpStatus, (int)latency.TotalMilliseconds,
        context.RequestId(), context.CorrelationId());

    /// <summary><c>CC*PID</c> from the <c>OCPI-{side}-country-code</c> and <c>OCPI-{side}-party-id</c> headers, as sent.</summary>
    private static string? RoutingParty(HttpRequest request, string side)
    {
        var country = request.Headers[$"OCPI-{side}-country-code"].FirstOrDefault();
        var party = request.Headers[$"OCPI-{side}-party-id"].FirstOrDefault();
        return country is null && party is null ? null : $"{Short(country)}*{Short(party)}";
    }

    // Headers are logged as the peer wrote them (a wrong one is what an operator looks for), within reason.
    private static string Short(string? value) => value is null ? "" : value.Length <= 8 ? value : value[..8];
}
