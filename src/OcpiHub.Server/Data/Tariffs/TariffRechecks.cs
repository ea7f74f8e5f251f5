using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// The checks of the Locations naming Tariffs their owners changed (<see cref="LocationsNamingTariffs"/>), each recorded
/// in the transaction of its change (<see cref="ObjectWrite.NamingRecheck"/>, <see cref="NamingRecheckStore"/>) and done
/// by the change's own run, right after its commit (<see cref="AfterChangeAsync"/>), and where that did not happen (its
/// node died first, the check failed) by <see cref="TariffRecheckWorker"/>. Each recorded change (a push, a pulled page:
/// one transaction) is compared on its own, its Tariffs together: the Tariffs as they were before it, at its instant,
/// with the Tariffs as stored when the run reads them (a page creating A and making B ad hoc moves a connector of
/// [A, B] from B to A, which neither Tariff alone shows). A 2.1.1 eMSP may have been given any form between two changes
/// (a Location pushed, a 2.1.1 pull, translated when sent), so a Location whose form differs for any one change is
/// sent again (a duplicate at worst). A change's checks are forgotten once what they found is queued; a failure puts
/// them off (<see cref="Backoff"/>), never drops them, and holds up no other change's.
/// </summary>
public sealed class TariffRechecks(NamingRecheckStore rechecks, IDataStore data, LocationsNamingTariffs locations, DeliveryNudge deliveries,
    TimeProvider clock, ILogger<TariffRechecks> log)
{
    /// <summary>How many recorded checks one read of the worker takes (each change they belong to is then done whole).</summary>
    public const int Batch = 100;

    /// <summary>How old a check is before the worker does it: one younger is left to the change that recorded it, running now.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>The wait after a failed check: 5 s, doubling with each failure, at most 10 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, Math.Min(attempts - 1, 10))));

    /// <summary>
    /// The run after a change's commit, before its answer, of that change's checks only: the owner's next change then
    /// follows the re-sends of this one (a Location stored just after a Tariff is not compared with a Tariff change it
    /// did not follow), and a 2.1.1 pull after the answer finds the Locations it re-dated.
    /// </summary>
    public async Task AfterChangeAsync(string changeKey)
    {
        try
        {
            await DoAsync(await rechecks.OfChangeAsync(changeKey), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Reading the checks or recording their outcome failed (a check's own failure is recorded): they are
            // stored, the worker does them.
            log.LogWarning(e, "the checks of the Locations naming changed Tariffs were not done; done by the worker");
        }
    }

    /// <summary>
    /// Does the checks due now and <see cref="Grace"/> old, or if <paramref name="all"/> every one recorded; how many
    /// deliveries they queued.
    /// </summary>
    public async Task<int> RunAsync(bool all, CancellationToken cancellationToken)
    {
        var queued = 0;
        var seen = new HashSet<long>();
        IReadOnlyList<NamingRecheck> round;
        List<NamingRecheck> fresh;
        do
        {
            var now = all ? DateTimeOffset.MaxValue : clock.GetUtcNow();
            round = await rechecks.DueAsync(DataModule.Tariffs, now, all ? now : now - Grace, Batch, cancellationToken);
            fresh = [.. round.Where(r => !seen.Contains(r.Seq))];
            foreach (var changeKey in fresh.Select(r => r.ChangeKey).Distinct())
            {
                // The whole change, also its rows past this read's limit: its Tariffs are compared together.
                var change = await rechecks.OfChangeAsync(changeKey, cancellationToken);
                seen.UnionWith(change.Select(r => r.Seq));
                queued += await DoAsync(change, cancellationToken);
            }
        }
        // Those done are removed and those failed put off past now: a poll's round reads none again. Reading every
        // check, the pass ends at one read again (failed in it): the polls do the rest.
        while (round.Count == Batch && fresh.Count == round.Count);
        return queued;
    }

    /// <summary>
    /// Does one change's checks (all its rows; none when another run did them), its Tariffs together (each change on
    /// its own, not the first's before with now: the eMSP may hold a form in between); how many deliveries they queued,
    /// sent at once (before the record that they are done, which may fail).
    /// </summary>
    private async Task<int> DoAsync(IReadOnlyList<NamingRecheck> change, CancellationToken cancellationToken)
    {
        if (change.Count == 0)
            return 0;
        var seqs = change.Select(r => r.Seq).ToList();
        int queued;
        try
        {
            var now = clock.GetUtcNow();
            var tariffs = new List<(PartyKey, string, string?, string?)>();
            foreach (var tariff in change)
                tariffs.Add((tariff.Owner, tariff.Id, tariff.Before, (await data.FindAsync(DataModule.Tariffs, tariff.Owner, tariff.Id, cancellationToken))?.Body));
            queued = await locations.ResendAsync(tariffs, change.First().ChangedAt, now, change.First().CorrelationId, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = change.Max(r => r.Attempts) + 1;
            var wait = Backoff(attempts);
            log.LogError(e, "checking the Locations naming the tariffs {Tariffs} changed by {Correlation} failed ({Attempts} attempts); tried again in {Wait}",
                string.Join(", ", change.Select(r => $"{r.Owner} {r.Id}")), change.First().CorrelationId, attempts, wait);
            await rechecks.FailedAsync(seqs, attempts, clock.GetUtcNow() + wait, cancellationToken);
            return 0;
        }
        if (queued > 0)
            deliveries.Signal();
        // Right after its deliveries are queued: a failure of another change's does not have these sent again.
        await rechecks.DoneAsync(seqs, cancellationToken);
        return queued;
    }
}

/// <summary>
/// Does the <see cref="TariffRechecks"/> no change's own run did: at each node's start all of them, lease or not (a
/// node started again after dying is often the only one, and what it left is no one's now; a check done twice sends a
/// duplicate at worst), then every few seconds, on one node at a time, those due and <see cref="TariffRechecks.Grace"/>
/// old (a younger one is its change's, running now).
/// </summary>
public sealed class TariffRecheckWorker(TariffRechecks rechecks, NodeLeaseStore leases, HubNode node, TimeProvider clock, ILogger<TariffRecheckWorker> log)
    : OneNodeJob("tariff-rechecks", TimeSpan.FromSeconds(5), leases, node, clock, log)
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(all: true, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "checking the Locations naming changed Tariffs at start failed; done by the polls");
        }
        await base.ExecuteAsync(stoppingToken);
    }

    protected override Task RunAsync(CancellationToken cancellationToken) => RunAsync(all: false, cancellationToken);

    private async Task RunAsync(bool all, CancellationToken cancellationToken)
    {
        var queued = await rechecks.RunAsync(all, cancellationToken);
        if (queued > 0)
            log.LogInformation("Tariffs: {Queued} deliveries queued by checks of Locations naming changed Tariffs", queued);
    }
}
