using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// What a Tariff's validity period (<c>start_date_time</c>, <c>end_date_time</c>) means for the readers that cannot be
/// told it (2.1.1, <see cref="Visibility"/>): once its start has passed, those that may see it get it (a PUT); once its
/// end has passed, those that could see it get its DELETE. Each run acts on the boundaries passed since the last run
/// (kept in <see cref="JobMarkStore"/>, so a restart or another node carries on from there) and a few seconds before
/// it, so that a change stored across that instant is not missed (a boundary that falls there is sent once more, the
/// same PUT or DELETE). A tariff its owner removed after its end, before a run withdrew it, is withdrawn from those
/// its removal did not reach (read from the removals since the last run). The first run ever starts from its own
/// instant. Deliveries are queued as a live change's are, from the hub, each object held as it is read
/// (<see cref="IDataStore.EnqueueHeldAsync"/>); the Locations naming a tariff whose boundary passed reach 2.1.1 receivers
/// again where their 2.1.1 <c>tariff_id</c> changed (<see cref="LocationsNamingTariffs"/>). Cost: each run reads every
/// Tariff that has a validity period (hundreds to thousands) and the Tariffs removed since the last run.
/// </summary>
public sealed class TariffValidity(IDataStore data, JobMarkStore marks, Receivers receivers, HubRouting routing, LocationsNamingTariffs locations, DeliveryNudge nudge,
    TimeProvider clock)
{
    public const string JobName = "tariff-validity";

    /// <summary>How far before the last run's instant a run looks again: more than a change takes from reading the clock to its commit.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    private static readonly DataShape Tariffs = DataShapes.For(DataModule.Tariffs);

    /// <summary>Queues the deliveries of the boundaries passed since the last run; how many deliveries.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await marks.ReachedAsync(JobName, cancellationToken) is not { } reached)
        {
            await marks.MarkAsync(JobName, now, cancellationToken);
            return 0;
        }
        // A node whose clock is behind the last run's leaves the mark where it is.
        if (now <= reached)
            return 0;
        var since = reached - Overlap;
        var passed = (await data.FindHavingAsync(DataModule.Tariffs, ["start_date_time", "end_date_time"], cancellationToken))
            .Where(t => Boundaries(t).Any(b => since < b && b <= now))
            .ToList();
        var (queued, correlationId, collapse) = (0, TraceIds.New(), DataModule.Tariffs.Collapsible());
        async Task<IReadOnlyList<ObjectDelivery>> ChangedAsync(StoredObject tariff, Audience before, Audience after)
        {
            var deliveries = await receivers.ForAudienceChangeAsync(tariff, routing.Hub, before, after, cancellationToken);
            queued += deliveries.Count;
            return deliveries;
        }
        Task<Audience> AudienceAtAsync(StoredObject tariff, DateTimeOffset at, IObjectFinder finder) =>
            Tariffs.AudienceAsync(tariff.Body, at, finder, cancellationToken).AsTask();

        await data.EnqueueHeldAsync([.. passed.Select(t => new ObjectAddress(DataModule.Tariffs, t.Owner, t.Id))], async (stored, finder) =>
            await ChangedAsync(stored, await AudienceAtAsync(stored, since, finder), await AudienceAtAsync(stored, now, finder)),
            correlationId, collapse, cancellationToken);
        // A tariff removed after its end, before a run withdrew it: its removal reached only those who could see it then;
        // those who could at the last run and not then are told now.
        await data.EnqueueForRemovedAsync(DataModule.Tariffs, since, async (removed, finder) =>
        {
            var (atLastRun, atRemoval) = (await AudienceAtAsync(removed, since, finder), await AudienceAtAsync(removed, removed.LastUpdated, finder));
            return await ChangedAsync(removed, new((version, party) => atLastRun.Includes(version, party) && !atRemoval.Includes(version, party)),
                Audience.Nobody);
        }, correlationId, collapse, cancellationToken);
        // The connectors naming them may name another tariff in 2.1.1 now.
        queued += await locations.ResendAsync(passed, since, now, correlationId, cancellationToken);
        await marks.MarkAsync(JobName, now, cancellationToken);
        if (queued > 0)
            nudge.Signal();
        return queued;
    }

    private static IEnumerable<DateTimeOffset> Boundaries(StoredObject stored)
    {
        var tariff = (Protocol.V230.Tariff)Canonical.FromJson(stored.Body, typeof(Protocol.V230.Tariff));
        return new[] { tariff.StartDateTime, tariff.EndDateTime }.OfType<DateTimeOffset>();
    }
}

/// <summary>Runs <see cref="TariffValidity"/> at start and every minute, on one node at a time.</summary>
public sealed class TariffValidityWorker(TariffValidity validity, NodeLeaseStore leases, HubNode node, TimeProvider clock, ILogger<TariffValidityWorker> log)
    : OneNodeJob(TariffValidity.JobName, TimeSpan.FromMinutes(1), leases, node, clock, log)
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var queued = await validity.RunAsync(cancellationToken);
        if (queued > 0)
            log.LogInformation("Tariffs: {Queued} deliveries queued as validity periods started or ended", queued);
    }
}
