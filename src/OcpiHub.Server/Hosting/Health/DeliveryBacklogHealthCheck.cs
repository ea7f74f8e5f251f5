using Microsoft.Extensions.Diagnostics.HealthChecks;
using OcpiHub.Server.Hosting.Telemetry;

namespace OcpiHub.Server.Hosting.Health;

/// <summary>
/// The delivery backlog and the dead letters are within <c>Hub:Health:*</c>. Read from the counts the gauges keep
/// (<see cref="DeliveryGauges"/>) when they are fresh, so probes add no load on the store; counted now otherwise.
/// </summary>
public sealed class DeliveryBacklogHealthCheck(DeliveryGauges gauges, HubOptions hub) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = hub.Health;
        IReadOnlyCollection<Storage.ReceiverDeliveryCounts> counts;
        try
        {
            counts = await gauges.CountsAsync(TimeSpan.FromSeconds(hub.Telemetry.DeliveryCountSeconds * 2), cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"the backlog cannot be counted: {e.Message}");
        }
        var pending = counts.Sum(c => c.Pending);
        var dead = counts.Sum(c => c.Dead);
        var data = new Dictionary<string, object> { ["pending"] = pending, ["dead"] = dead };
        if (pending > limits.MaxPendingDeliveries)
            return HealthCheckResult.Unhealthy($"{pending} deliveries pending, more than Hub:Health:MaxPendingDeliveries ({limits.MaxPendingDeliveries})", data: data);
        if (dead > limits.MaxDeadDeliveries)
            return HealthCheckResult.Unhealthy($"{dead} dead deliveries, more than Hub:Health:MaxDeadDeliveries ({limits.MaxDeadDeliveries})", data: data);
        return HealthCheckResult.Healthy($"{pending} pending, {dead} dead", data);
    }
}
