using OcpiHub.Core.Messages;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Messages;

/// <summary>Deletes message log entries older than <c>Hub:MessageRetentionDays</c> (0 keeps them all).</summary>
public sealed class MessageRetention(IMessageLog messages, HubOptions options, TimeProvider clock)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.MessageRetentionDays <= 0)
            return 0;
        return await messages.DeleteOlderThanAsync(clock.GetUtcNow().AddDays(-options.MessageRetentionDays), cancellationToken);
    }
}

/// <summary>
/// Runs the retention cleanup at start and then every hour, on one node of several at a time (<see cref="NodeLeaseStore"/>,
/// held for two hours: a node that died leaves it to another).
/// </summary>
public sealed class MessageRetentionWorker(MessageRetention retention, NodeLeaseStore leases, Core.Nodes.HubNode node, TimeProvider clock,
    ILogger<MessageRetentionWorker> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                if (!await leases.HoldAsync("message-retention", new(node.Id, clock.GetUtcNow() + 2 * Interval), stoppingToken))
                    continue;
                var deleted = await retention.PurgeAsync(stoppingToken);
                if (deleted > 0)
                    log.LogInformation("Message log: {Deleted} entries past retention deleted", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "deleting old message log entries failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
