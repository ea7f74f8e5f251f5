using OcpiHub.Core.Messages;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Messages;

/// <summary>
/// Deletes message log entries older than <c>Hub:MessageRetentionDays</c> (0 keeps them all). In batches, each its own
/// short write: an hour of a busy hub's log, or days of it when retention is first set, deleted in one write would hold
/// the SQLite writer for as long, and every page it changed in memory to undo it.
/// </summary>
public sealed class MessageRetention(IMessageLog messages, HubOptions options, TimeProvider clock)
{
    /// <summary>Entries deleted per write.</summary>
    public const int BatchSize = 1_000;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.MessageRetentionDays <= 0)
            return 0;
        var cutoff = clock.GetUtcNow().AddDays(-options.MessageRetentionDays);
        return await Batched.DeleteAllAsync(BatchSize, batch => messages.DeleteOlderThanAsync(cutoff, batch, cancellationToken));
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
