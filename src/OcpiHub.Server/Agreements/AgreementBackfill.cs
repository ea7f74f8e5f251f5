using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Agreements;

/// <summary>
/// A new agreement brings the data (product spec, section 4): the eMSP gets the CPO's stored Locations and
/// Tariffs, the CPO the eMSP's stored Tokens, each as a PUT through the delivery queue (translated to the
/// receiver's version when sent), from the hub as a broadcast is; an agreement resumed or renewed after data between
/// the two stopped first withdraws what the owner removed since (a Tariff's DELETE), which nobody sent it then. Only what the receiver may see
/// (<see cref="DataShape.AudienceAsync"/>), only to a platform that takes pushes (<c>Hub:BackfillOnAgreement</c>
/// switches it off). Each module to each receiver is a catch-up kept in the database (<see cref="ICatchUpStore"/>),
/// started with the agreement's change and run page by page by <see cref="AgreementBackfillWorker"/> on any node.
/// A platform's change starts catch-ups the same way (<see cref="CatchUps.AfterPlatformChange"/>), those of module
/// HubClientInfo too: each tells its receiver how its counterpart stands when it runs.
/// </summary>
public sealed class AgreementBackfill(ICatchUpStore catchUps, IPlatformStore platforms, IAgreementStore agreements, ClientInfoNotifier clientInfo,
    DeliveryNudge deliveries, BackfillNudge nudge, HubOptions hub)
{
    private const int PageSize = 500;

    /// <summary>
    /// The catch-ups an agreement that became active starts: to each party what the other owns and it reads, after a
    /// DELETE of what the other removed since <paramref name="stoppedAt"/>, when data between them stopped before.
    /// </summary>
    public IReadOnlyCollection<CatchUp> CatchUpsOf(Agreement agreement, string correlationId, DateTimeOffset? stoppedAt) =>
        [.. CatchUps.DataFor(agreement, agreement.Cpo, correlationId, stoppedAt), .. CatchUps.DataFor(agreement, agreement.Emsp, correlationId, stoppedAt)];

    /// <summary>Wakes this node's worker to run catch-ups just started (other nodes find them at their next poll).</summary>
    public void Started() => nudge.Signal();

    /// <summary>
    /// Runs <paramref name="catchUp"/> to its end: a ClientInfo queued, or the data a page (read, queued and recorded as
    /// sent in one transaction) at a time.
    /// </summary>
    public async Task RunAsync(CatchUp catchUp, CancellationToken cancellationToken)
    {
        // Made on another node a moment ago, not yet in this one's copy: run at the next poll.
        if (await agreements.FindAsync(catchUp.AgreementId, cancellationToken) is not { } agreement)
            return;
        var (module, receiver) = (catchUp.Module, catchUp.Receiver);
        if (module == DataModule.HubClientInfo)
        {
            // Queued again if the node stops before the catch-up ends: the receiver may hear the same twice, never nothing.
            await clientInfo.TellAsync(receiver, agreement, catchUp.CorrelationId, cancellationToken);
            deliveries.Signal();
            await catchUps.EndAsync(catchUp, cancellationToken);
            return;
        }
        if (!hub.BackfillOnAgreement || await platforms.FindByPartyAsync(receiver, cancellationToken) is not { TakesPushes: true } platform
            || !Receivers.HasReceiverEndpoint(platform, module))
        {
            await catchUps.EndAsync(catchUp, cancellationToken);
            return;
        }
        var shape = DataShapes.For(module);
        var sender = new PartyKey(hub.CountryCode, hub.PartyId);
        // A removed object is withdrawn from a receiver that could see it, as its removal would have been sent.
        async Task<ObjectDelivery?> DeliveryOf(StoredObject stored, bool removed, IObjectFinder finder)
        {
            if (!(await shape.AudienceAsync(stored.Body, finder, cancellationToken)).Includes(platform, receiver))
                return null;
            var path = shape.ObjectPath(stored.Id);
            return new ObjectDelivery(stored, path, new NewDelivery(platform.Id, receiver, sender, removed ? "DELETE" : "PUT", path, removed ? null : stored.Body));
        }
        bool more;
        do
        {
            more = await catchUps.SendPageAsync(catchUp, agreement.CounterpartOf(receiver), PageSize, DeliveryOf, module.Collapsible(), cancellationToken);
            deliveries.Signal();
        }
        while (more);
    }
}

/// <summary>Wakes the catch-up worker when an agreement started catch-ups, so they run at once, not at the next poll.</summary>
public sealed class BackfillNudge : Wakeup;

/// <summary>
/// Runs the catch-ups agreements started (<see cref="AgreementBackfill"/>), on every node: one that a node left when
/// it stopped or died is carried on by another, or by it when it starts again, from the page after the last queued.
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
