using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Removes delivered deliveries (rows and payloads) <c>Hub:DeliveryRetentionDays</c> after they were delivered, and
/// dead letters <c>Hub:DeadLetterRetentionDays</c> after they were given up (0 keeps them); pending and failing
/// deliveries are never touched. In batches, each its own short write, so the hub's other writes go in between.
/// </summary>
public sealed class DeliveryRetention(DeliveryRetentionStore store, HubOptions options, TimeProvider clock)
{
    /// <summary>Deliveries deleted per write: a few milliseconds of the SQLite writer.</summary>
    public const int BatchSize = 500;

    public async Task<(int Delivered, int Dead)> PurgeAsync(CancellationToken cancellationToken) =>
        (await PurgeAsync(DeliveryStatus.Done, options.DeliveryRetentionDays, cancellationToken),
         await PurgeAsync(DeliveryStatus.Dead, options.DeadLetterRetentionDays, cancellationToken));

    private async Task<int> PurgeAsync(DeliveryStatus status, double days, CancellationToken cancellationToken)
    {
        if (days <= 0)
            return 0;
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(days);
        return await Batched.DeleteAllAsync(BatchSize, batch => store.DeleteEndedBeforeAsync(status, cutoff, batch, cancellationToken));
    }
}

/// <summary>Runs <see cref="DeliveryRetention"/> at start and every hour, on one node at a time.</summary>
public sealed class DeliveryRetentionWorker(DeliveryRetention retention, NodeLeaseStore leases, HubNode node, TimeProvider clock,
    ILogger<DeliveryRetentionWorker> log) : OneNodeJob("delivery-retention", TimeSpan.FromHours(1), leases, node, clock, log)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var (delivered, dead) = await retention.PurgeAsync(cancellationToken);
        if (delivered + dead > 0)
            log.LogInformation("Deliveries: {Delivered} delivered and {Dead} dead letters past retention deleted", delivered, dead);
    }
}
