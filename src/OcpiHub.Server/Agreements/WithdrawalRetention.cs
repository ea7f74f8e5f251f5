using OcpiHub.Core.Agreements;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Agreements;

/// <summary>
/// Forgets the records of what stopped reaching someone (what catch-ups withdraw) that no withdraw can still need: a
/// record is kept while, for a counterpart of its owner, data stopped at or before it (by time, or by the shared state
/// version its writer read: a node whose clock runs behind stamps a record written after a stop before it) and may flow again, that is
/// while an agreement naming the owner is not active and stopped then (suspended, or ended and renewable), a catch-up
/// still to run withdraws from then, or a counterpart no registered platform carries left then. Only records older
/// than <see cref="Settled"/> are read as forgettable: a change of agreements made on another node a moment ago may
/// not be in this node's copy yet; nor any the check of Tariffs' validity periods has still to read (its removals since
/// its last run, <see cref="TariffValidity"/>), however long it has not run.
/// </summary>
public sealed class WithdrawalRetention(IAgreementStore agreements, ICatchUpStore catchUps, IPlatformStore platforms, JobMarkStore marks, TimeProvider clock)
{
    public static readonly TimeSpan Settled = TimeSpan.FromMinutes(10);

    public async Task<int> ForgetAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - Settled;
        if (await marks.ReachedAsync(TariffValidity.JobName, cancellationToken) is { } checkedTo && checkedTo - TariffValidity.Overlap < before)
            before = checkedTo - TariffValidity.Overlap;
        var all = await agreements.AllAsync(cancellationToken);
        var keepFrom = new Dictionary<PartyKey, DataStop>();
        // The earliest time and the lowest version of an owner's stops (none known: by time only): a record at or after either is kept.
        static long? Lower(long? a, long? b) => (a ?? long.MaxValue) < (b ?? long.MaxValue) ? a : b;
        void Keep(PartyKey owner, DataStop from) =>
            keepFrom[owner] = keepFrom.TryGetValue(owner, out var kept) ? new(from.At < kept.At ? from.At : kept.At, Lower(from.StateVersion, kept.StateVersion)) : from;
        foreach (var agreement in all.Where(a => !a.IsActive))
        {
            Keep(agreement.Cpo, agreement.Stopped ?? new(DateTimeOffset.MinValue, 0));
            Keep(agreement.Emsp, agreement.Stopped ?? new(DateTimeOffset.MinValue, 0));
        }
        foreach (var catchUp in await catchUps.PendingAsync(cancellationToken))
        {
            if (catchUp.WithdrawSince is { } since && all.FirstOrDefault(a => a.Id == catchUp.AgreementId) is { } agreement)
                Keep(agreement.CounterpartOf(catchUp.Receiver), since);
        }
        var carried = (await platforms.AllAsync(cancellationToken)).SelectMany(PartyStanding.Carried).ToHashSet();
        foreach (var (party, left) in (await platforms.StandingsChangedAsync(cancellationToken)).Where(s => !carried.Contains(s.Key)))
        {
            foreach (var agreement in all.Where(a => a.Involves(party) && a.Status != AgreementStatus.Ended))
                Keep(agreement.CounterpartOf(party), left);
        }
        return await catchUps.ForgetStoppedReachingAsync(keepFrom, before, cancellationToken);
    }
}

/// <summary>Runs <see cref="WithdrawalRetention"/> at start and every hour, on one node at a time.</summary>
public sealed class WithdrawalRetentionWorker(WithdrawalRetention retention, NodeLeaseStore leases, HubNode node, TimeProvider clock,
    ILogger<WithdrawalRetentionWorker> log) : OneNodeJob("withdrawal-retention", TimeSpan.FromHours(1), leases, node, clock, log)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var forgotten = await retention.ForgetAsync(cancellationToken);
        if (forgotten > 0)
            log.LogInformation("Withdrawals: {Forgotten} records of what stopped reaching someone no withdraw needs forgotten", forgotten);
    }
}
