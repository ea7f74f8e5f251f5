using Microsoft.AspNetCore.Builder;

namespace OcpiHub.Simulator;

/// <summary>X-Request-ID and X-Correlation-ID: a response carries the request's ids, new ones when it had none.</summary>
internal static class TraceHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string CorrelationId = "X-Correlation-ID";

    public static void UseTraceHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        foreach (var header in (string[])[RequestId, CorrelationId])
        {
            var value = http.Request.Headers[header].ToString();
            http.Response.Headers[header] = value.Length > 0 ? value : NewId();
        }
        return next(http);
    });

    public static string NewId() => Guid.NewGuid().ToString();
}
