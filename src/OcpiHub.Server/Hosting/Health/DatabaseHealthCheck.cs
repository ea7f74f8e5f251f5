using Microsoft.Extensions.Diagnostics.HealthChecks;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting.Health;

/// <summary>The database answers, on a new connection, and has every migration this build has.</summary>
public sealed class DatabaseHealthCheck(HubDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var missing = await Migrator.MissingAsync(connection, database.Kind, cancellationToken);
            return missing.Count == 0
                ? HealthCheckResult.Healthy($"{database.Kind} reachable and migrated")
                : HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", missing)}");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            // The message only: a connection error never carries the password, but its stack helps nobody at the load balancer.
            return HealthCheckResult.Unhealthy($"{database.Kind} unreachable: {e.Message}");
        }
    }
}
