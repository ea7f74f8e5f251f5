using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OcpiHub.Server.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the hub: its own <see cref="HubTelemetry"/> source and meter, the runtime's meter, ASP.NET Core
/// and HttpClient instrumentation, the Prometheus scrape endpoint (<c>Hub:Telemetry:MetricsPath</c>) and OTLP export when an
/// endpoint is configured; JSON console logs by setting. docs/operations.md describes what an operator gets.
/// </summary>
public static class TelemetryRegistration
{
    private const string StandardOtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>.NET's built-in meter of the process: memory and collections, compilation, the thread pool.</summary>
    private const string RuntimeMeter = "System.Runtime";

    public static WebApplicationBuilder AddHubTelemetry(this WebApplicationBuilder builder, HubOptions options)
    {
        var settings = options.Telemetry;
        if (settings.JsonConsoleLogs)
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });

        var services = builder.Services;
        services.AddSingleton<HubTelemetry>();
        services.AddSingleton<Storage.DeliveryCounts>();
        services.AddSingleton<DeliveryGauges>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryGauges>());

        var otlp = settings.OtlpEndpoint.Length > 0 ? settings.OtlpEndpoint : builder.Configuration[StandardOtlpVariable] ?? "";
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(HubTelemetry.Name, serviceInstanceId: options.NodeId.Length > 0 ? options.NodeId : null))
            .WithMetrics(metrics =>
            {
                // The runtime's own meter too: an operator tells a growing live heap from a working set the collector
                // keeps, and sees a restarted node's compilation and thread pool.
                metrics.AddMeter(HubTelemetry.Name, RuntimeMeter).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) => builder.AddView(OwnInstrumentsOnly(provider.GetRequiredService<IMeterFactory>())));
                if (settings.MetricsPath.Length > 0)
                    metrics.AddPrometheusExporter();
                if (otlp.Length > 0)
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlp));
            });
        // Traces are made only for an exporter: with none, nobody would read them.
        if (otlp.Length > 0)
            telemetry.WithTracing(tracing => tracing.AddSource(HubTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlp)));
        return builder;
    }

    /// <summary>
    /// Meters are found by name across the process, so a second host in it (tests run many hubs in one process)
    /// would have its instruments merged into this host's streams, and retire them when it stops. Instruments of
    /// meters another host's factory made are therefore dropped; meters made without a factory stay exported.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>The request ids in log scopes and on activities, the request counter, and the scrape endpoint.</summary>
    public static WebApplication UseHubTelemetry(this WebApplication app)
    {
        app.UseRequestTelemetry();
        var path = app.Services.GetRequiredService<HubOptions>().Telemetry.MetricsPath;
        if (path.Length > 0)
            app.MapPrometheusScrapingEndpoint(path);
        return app;
    }
}
