using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Deliveries;
using OcpiHub.Storage;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// The checks of the Locations naming Tariffs their owners changed (<see cref="LocationsNamingTariffs"/>), each recorded
/// in the transaction of its change (<see cref="ObjectWrite.RecheckNaming"/>, <see cref="NamingRecheckStore"/>) and done
/// by one run, whoever starts it: the change's own, right after its commit (<see cref="AfterChangeAsync"/>), and where
/// that did not happen (its node died first, the check failed) a node's <see cref="TariffRecheckWorker"/>, at its start
/// or at a poll once the check is <see cref="Grace"/> old. Each Tariff counts from before its first change recorded, at
/// that change's instant, to the Tariff as stored when the run reads it: changed twice, from the first before; deleted
/// and created again, from the one deleted to the new one. A check is forgotten only once what it found is queued;
/// one a node dies in, or two nodes read at once, is done again, and its Locations' whole states sent again at worst.
/// One run at a time on a node.
/// </summary>
public sealed class TariffRechecks(NamingRecheckStore rechecks, IDataStore data, LocationsNamingTariffs locations, DeliveryNudge deliveries,
    TimeProvider clock, ILogger<TariffRechecks> log)
{
    /// <summary>How many recorded changes one round reads.</summary>
    public const int Batch = 100;

    /// <summary>How old a check is before a node's poll does it: one younger is left to the change that recorded it, running now.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim running = new(1, 1);

    /// <summary>
    /// The run after a change's commit, before its answer: the owner's next change then follows the re-sends of this
    /// one (a Location stored just after a Tariff is not compared with a Tariff change it did not follow), and a 2.1.1
    /// pull after the answer finds the Locations it re-dated. A failure is left to the workers' polls: the check is stored.
    /// </summary>
    public async Task AfterChangeAsync()
    {
        try
        {
            await RunAsync(recordedBefore: null, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "checking the Locations naming changed Tariffs failed; done at a later poll");
        }
    }

    /// <summary>Does the checks recorded before <paramref name="recordedBefore"/> (null: all); how many deliveries they queued.</summary>
    public async Task<int> RunAsync(DateTimeOffset? recordedBefore, CancellationToken cancellationToken)
    {
        await running.WaitAsync(cancellationToken);
        try
        {
            var queued = 0;
            IReadOnlyList<NamingRecheck> round;
            do
            {
                round = await rechecks.PendingAsync(DataModule.Tariffs, recordedBefore, Batch, cancellationToken);
                var now = clock.GetUtcNow();
                var firsts = round.GroupBy(r => (r.Owner, StoredObject.KeyOf(r.Id))).Select(changes => changes.First());
                foreach (var changedAt in firsts.GroupBy(r => r.ChangedAt))
                {
                    var changes = new List<(PartyKey, string, string?, string?)>();
                    foreach (var first in changedAt)
                        changes.Add((first.Owner, first.Id, first.Before, (await data.FindAsync(DataModule.Tariffs, first.Owner, first.Id, cancellationToken))?.Body));
                    queued += await locations.ResendAsync(changes, changedAt.Key, now, changedAt.First().CorrelationId, cancellationToken);
                }
                await rechecks.DoneAsync([.. round.Select(r => r.Seq)], cancellationToken);
            }
            while (round.Count == Batch);
            if (queued > 0)
                deliveries.Signal();
            return queued;
        }
        finally
        {
            running.Release();
        }
    }
}

/// <summary>
/// Runs <see cref="TariffRechecks"/> on every node for the checks no change's own run did: at start all of them (what
/// this node left when it stopped or died is no one's now), then every few seconds those <see cref="TariffRechecks.Grace"/> old.
/// </summary>
public sealed class TariffRecheckWorker(TariffRechecks rechecks, TimeProvider clock, ILogger<TariffRecheckWorker> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var start = true; !stoppingToken.IsCancellationRequested; start = false)
        {
            try
            {
                await rechecks.RunAsync(start ? null : clock.GetUtcNow() - TariffRechecks.Grace, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "checking the Locations naming changed Tariffs failed; tried again in {Poll}", Poll);
            }
            await Task.Delay(Poll, stoppingToken);
        }
    }
}
