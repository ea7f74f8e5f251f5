using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Commands;

/// <summary>
/// Removes the records of reservations (and their numbers at 2.1.1 CPOs) <c>Hub:ReservationRetentionDays</c> after they
/// ended, and the numbers of reservations a 2.1.1 CPO never accepted as long after they were last asked for (0 keeps
/// them); running reservations are never touched. In batches (<see cref="Batched"/>).
/// </summary>
public sealed class ReservationRetention(ReservationRetentionStore store, HubOptions options, TimeProvider clock)
{
    /// <summary>Reservations deleted per write: a few milliseconds of the SQLite writer.</summary>
    public const int BatchSize = 500;

    /// <summary>How many ended reservations and numbers no reservation holds it deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        if (options.ReservationRetentionDays <= 0)
            return 0;
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.ReservationRetentionDays);
        return await Batched.DeleteAllAsync(BatchSize, batch => store.DeleteEndedBeforeAsync(cutoff, batch, cancellationToken))
            + await Batched.DeleteAllAsync(BatchSize, batch => store.DeleteUnheldNumbersBeforeAsync(cutoff, batch, cancellationToken));
    }
}

/// <summary>Runs <see cref="ReservationRetention"/> at start and every hour, on one node at a time.</summary>
public sealed class ReservationRetentionWorker(ReservationRetention retention, NodeLeaseStore leases, HubNode node, TimeProvider clock,
    ILogger<ReservationRetentionWorker> log) : OneNodeJob("reservation-retention", TimeSpan.FromHours(1), leases, node, clock, log)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await retention.PurgeAsync(cancellationToken);
        if (deleted > 0)
            log.LogInformation("Reservations: {Deleted} ended reservations and unheld numbers past retention deleted", deleted);
    }
}
