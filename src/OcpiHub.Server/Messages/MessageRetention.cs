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

/// <summary>Runs <see cref="MessageRetention"/> at start and every hour, on one node at a time.</summary>
public sealed class MessageRetentionWorker(MessageRetention retention, NodeLeaseStore leases, Core.Nodes.HubNode node, TimeProvider clock,
    ILogger<MessageRetentionWorker> log) : OneNodeJob("message-retention", TimeSpan.FromHours(1), leases, node, clock, log)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await retention.PurgeAsync(cancellationToken);
        if (deleted > 0)
            log.LogInformation("Message log: {Deleted} entries past retention deleted", deleted);
    }
}
