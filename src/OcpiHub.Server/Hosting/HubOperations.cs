using OcpiHub.Server.Hosting.Health;
using OcpiHub.Server.Hosting.Telemetry;

namespace OcpiHub.Server.Hosting;

/// <summary>What an operator runs the hub with: health endpoints, metrics and traces, logs (docs/operations.md).</summary>
public static class HubOperations
{
    public static WebApplicationBuilder AddHubOperations(this WebApplicationBuilder builder, HubOptions options)
    {
        builder.AddHubTelemetry(options);
        builder.Services.AddHubHealth(options);
        return builder;
    }

    /// <summary>Goes after <see cref="Ocpi.Tracing.UseOcpiTracing"/> (the request ids are settled there).</summary>
    public static WebApplication UseHubOperations(this WebApplication app)
    {
        app.UseHubTelemetry();
        app.MapHubHealth();
        return app;
    }
}
