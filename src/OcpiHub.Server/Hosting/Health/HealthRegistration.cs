using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OcpiHub.Server.Hosting.Health;

/// <summary>
/// ASP.NET Core health checks for a load balancer or an orchestrator: <c>/health/live</c> answers while the process
/// serves requests (it runs no check), <c>/health/ready</c> only while the node can do its work: the database
/// reachable and migrated, the delivery backlog and dead letters within <c>Hub:Health:*</c>. Both answer JSON
/// naming each check; no authentication, no secrets. <c>/health</c> (<see cref="HealthEndpoint"/>) names the node.
/// </summary>
public static class HealthRegistration
{
    private const string Ready = "ready";

    public static IServiceCollection AddHubHealth(this IServiceCollection services, HubOptions options)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<DeliveryBacklogHealthCheck>("deliveries", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHubHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        app.MapHealth();
        return app;
    }

    /// <summary><c>{"status":"Healthy","checks":{"database":{"status":…,"description":…,"data":{…}}}}</c>.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
