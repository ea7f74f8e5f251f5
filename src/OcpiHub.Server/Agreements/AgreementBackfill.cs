using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Agreements;

/// <summary>
/// Runs the catch-ups of agreements (<see cref="ICatchUpStore"/>), the data and the ClientInfo ones. A new agreement
/// brings the data (product spec, section 4): the eMSP gets the CPO's stored Locations and Tariffs, the CPO the eMSP's
/// stored Tokens, each as a PUT through the delivery queue (translated to the receiver's version when sent), from the
/// hub as a broadcast is; an agreement resumed or renewed after data between the two stopped first withdraws what
/// stopped reaching the receiver meanwhile, as its change would have (a Tariff removed or no longer for it: its DELETE;
/// a Location unpublished: the Location as it stands), which nobody sent it then. Only what the receiver may see
/// (<see cref="DataShape.AudienceAsync"/>), only to a platform that takes pushes (<c>Hub:BackfillOnAgreement</c>
/// switches it off). Each module to each receiver is a catch-up kept in the database, started in the transaction of the
/// change that calls for it (<see cref="CatchUps"/>: an agreement's, a platform's) and run page by page by
/// <see cref="AgreementBackfillWorker"/> on any node. Those of module HubClientInfo each tell their receiver how its
/// counterpart stands, as stored when it runs.
/// </summary>
public sealed class AgreementBackfill(ICatchUpStore catchUps, IPlatformStore platforms, IAgreementStore agreements, ClientInfoNotifier clientInfo,
    DeliveryNudge deliveries, BackfillNudge nudge, HubOptions hub, TimeProvider clock)
{
    private const int PageSize = 500;

    /// <summary>Wakes this node's worker to run catch-ups just started, data and ClientInfo (other nodes find them at their next poll).</summary>
    public void Started() => nudge.Signal();

    /// <summary>
    /// Runs <paramref name="catchUp"/> to its end: a ClientInfo queued, or the data a page (read, queued and recorded as
    /// sent in one transaction) at a time.
    /// </summary>
    public async Task RunAsync(CatchUp catchUp, CancellationToken cancellationToken)
    {
        var (module, receiver) = (catchUp.Module, catchUp.Receiver);
        if (module == DataModule.HubClientInfo)
        {
            // Told and ended in one transaction, by one node, from the agreement and platforms as stored then.
            await catchUps.TellAsync(catchUp, (agreement, receiverPlatform, subjectPlatform) => clientInfo.Telling(receiver, agreement, receiverPlatform, subjectPlatform),
                cancellationToken);
            deliveries.Signal();
            return;
        }
        // Made on another node a moment ago, not yet in this one's copy: run at the next poll.
        if (await agreements.FindAsync(catchUp.AgreementId, cancellationToken) is not { } agreement)
            return;
        if (!hub.BackfillOnAgreement || await platforms.FindByPartyAsync(receiver, cancellationToken) is not { TakesPushes: true } platform
            || !Receivers.HasReceiverEndpoint(platform, module))
        {
            await catchUps.EndAsync(catchUp, cancellationToken);
            return;
        }
        var shape = DataShapes.For(module);
        var sender = new PartyKey(hub.CountryCode, hub.PartyId);
        async Task<bool> SeesAsync(StoredObject stored, DateTimeOffset at, IObjectFinder finder) =>
            (await shape.AudienceAsync(stored.Body, at, finder, cancellationToken)).Includes(platform, receiver);
        ObjectDelivery Delivery(StoredObject about, string method, string? body) =>
            new(about, shape.ObjectPath(about.Id), new NewDelivery(platform.Id, receiver, sender, method, shape.ObjectPath(about.Id), body));
        async Task<ObjectDelivery?> DeliveryOf(StoredObject stored, IObjectFinder finder) =>
            await SeesAsync(stored, clock.GetUtcNow(), finder) ? Delivery(stored, "PUT", stored.Body) : null;
        // What stopped reaching a receiver that could see it when data stopped (a Tariff whose validity period ended
        // meanwhile, too) is withdrawn as its change would have been: a Tariff is deleted; a Location, which has no
        // DELETE, is sent as it stands now, unpublished (a 2.1.1 receiver cannot be told).
        async Task<ObjectDelivery?> WithdrawalOf(StoredObject had, StoredObject? now, DateTimeOffset stopped, IObjectFinder finder)
        {
            if (!await SeesAsync(had, stopped, finder) || (now is not null && await SeesAsync(now, clock.GetUtcNow(), finder)))
                return null;
            if (shape.AcceptsDelete)
                return Delivery(had, "DELETE", null);
            return now is not null && platform.Version is not OcpiVersion.V211 ? Delivery(now, "PUT", now.Body) : null;
        }
        bool more;
        do
        {
            more = await catchUps.SendPageAsync(catchUp, agreement.CounterpartOf(receiver), PageSize, DeliveryOf, WithdrawalOf,
                shape.AudienceChangesWithTime, module.Collapsible(), cancellationToken);
            deliveries.Signal();
        }
        while (more);
    }
}

/// <summary>Wakes the catch-up worker when an agreement's change started catch-ups (data and ClientInfo), so they run at once, not at the next poll.</summary>
public sealed class BackfillNudge : Wakeup;

/// <summary>
/// Runs the catch-ups agreements' and platforms' changes started, data and ClientInfo (<see cref="AgreementBackfill"/>), on
/// every node, each held by one at a time: one that a node left when it stopped or died is carried on by another, or by
/// it when it starts again, from the page after the last queued.
/// </summary>
public sealed class AgreementBackfillWorker(ICatchUpStore catchUps, AgreementBackfill backfill, BackfillNudge nudge, ILogger<AgreementBackfillWorker> log)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var catchUp in await catchUps.PendingAsync(stoppingToken))
                    await RunAsync(catchUp, stoppingToken);
                await nudge.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "reading the agreements' catch-ups failed; tried again in {Poll}", Poll);
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    /// <summary>One catch-up; a failure is logged and the catch-up tried again at the next poll, after the others.</summary>
    private async Task RunAsync(CatchUp catchUp, CancellationToken stoppingToken)
    {
        try
        {
            await backfill.RunAsync(catchUp, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            log.LogError(e, "the catch-up of agreement {Agreement} ({Module} to {Receiver}) failed; carried on from its last page at the next poll",
                catchUp.AgreementId, catchUp.Module, catchUp.Receiver);
        }
    }
}
