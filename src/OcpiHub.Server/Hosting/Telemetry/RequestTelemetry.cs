using System.Diagnostics;
using OcpiHub.Protocol;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Hosting.Telemetry;

/// <summary>
/// Every request's correlation and request ids in a log scope (so each line logged while serving it names them)
/// and on its activity (so a trace can be found by the id a partner quotes); every OCPI request counted by platform,
/// module, method, version and OCPI status once answered.
/// </summary>
public static class RequestTelemetry
{
    public const string CorrelationIdTag = "ocpi.correlation_id";
    public const string RequestIdTag = "ocpi.request_id";

    /// <summary>A log scope naming the correlation id: the lines of work done later for a request (a delivery, a sync run) can be found by it.</summary>
    public static IDisposable? BeginCorrelationScope(this ILogger log, string correlationId) => log.BeginScope("correlation {CorrelationId}", correlationId);

    /// <summary>Goes after <see cref="Tracing.UseOcpiTracing"/>, which settles the ids.</summary>
    public static IApplicationBuilder UseRequestTelemetry(this IApplicationBuilder app)
    {
        var telemetry = app.ApplicationServices.GetRequiredService<HubTelemetry>();
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("OcpiHub.Server");
        return app.Use(async (context, next) =>
        {
            var correlationId = context.CorrelationId();
            var requestId = context.RequestId();
            Activity.Current?.SetTag(CorrelationIdTag, correlationId).SetTag(RequestIdTag, requestId);
            using (log.BeginScope("correlation {CorrelationId} request {RequestId}", correlationId, requestId))
            {
                try
                {
                    await next(context);
                }
                finally
                {
                    if (context.Request.Path.StartsWithSegments("/ocpi"))
                        telemetry.Request(context.CallerIfAny()?.Platform.Id, MessagePaths.ModuleOf(context.Request.Path), context.Request.Method,
                            MessagePaths.VersionOf(context.Request.Path), context.OcpiStatusWritten());
                }
            }
        });
    }
}
