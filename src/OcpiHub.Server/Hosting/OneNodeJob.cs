using OcpiHub.Core.Nodes;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Periodic work one node of several does (the retention cleanups): run at start and then every
/// <paramref name="interval"/>, by the node that holds the lease <paramref name="name"/> (<see cref="NodeLeaseStore"/>,
/// held for two intervals: a node that died leaves it to another). A failed run is logged and tried at the next tick.
/// </summary>
public abstract class OneNodeJob(string name, TimeSpan interval, NodeLeaseStore leases, HubNode node, TimeProvider clock, ILogger log) : BackgroundService
{
    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                if (await leases.HoldAsync(name, new(node.Id, clock.GetUtcNow() + 2 * interval), stoppingToken))
                    await RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Job} failed; tried again in {Interval}", name, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
