using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Agreements;

/// <summary>
/// A new agreement brings the data (product spec, section 4): the eMSP gets the CPO's stored Locations and
/// Tariffs, the CPO the eMSP's stored Tokens, each as a PUT through the delivery queue (translated to the
/// receiver's version when sent), from the hub as a broadcast is. Only what the receiver may see
/// (<see cref="DataShape.AudienceAsync"/>), only to a platform that takes pushes (<c>Hub:BackfillOnAgreement</c>
/// switches it off).
/// </summary>
public sealed class AgreementBackfill(IDataStore data, IPlatformStore platforms, IAgreementStore agreements, DeliveryNudge nudge, HubOptions hub)
{
    private const int PageSize = 500;

    public async Task BackfillAsync(Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        if (!hub.BackfillOnAgreement || !agreement.IsActive)
            return;
        await BringAsync(agreement, agreement.Cpo, correlationId, cancellationToken);
        await BringAsync(agreement, agreement.Emsp, correlationId, cancellationToken);
        nudge.Signal();
    }

    /// <summary>
    /// Parties a platform carries again (registered anew, or moved to another platform): while none carried them nothing
    /// was queued for them, so each active agreement brings them the counterpart's stored data, as a new one would.
    /// </summary>
    public async Task ReturnedAsync(IEnumerable<PartyKey> parties, string correlationId, CancellationToken cancellationToken)
    {
        if (!hub.BackfillOnAgreement)
            return;
        foreach (var party in parties)
        {
            foreach (var agreement in (await agreements.ForPartyAsync(party, cancellationToken)).Where(a => a.IsActive))
                await BringAsync(agreement, party, correlationId, cancellationToken);
        }
        nudge.Signal();
    }

    /// <summary>What <paramref name="receiver"/>'s counterpart in <paramref name="agreement"/> owns and it reads (not Sessions or CDRs: each is one eMSP's).</summary>
    private async Task BringAsync(Agreement agreement, PartyKey receiver, string correlationId, CancellationToken cancellationToken)
    {
        var owner = agreement.CounterpartOf(receiver);
        var ownerRole = owner == agreement.Cpo ? Party.Cpo : Party.Emsp;
        foreach (var module in DataModules.All.Where(m => !m.IsPartySpecific() && m.OwnerRole() == ownerRole))
            await SendStoredAsync(module, owner, receiver, correlationId, cancellationToken);
    }

    private async Task SendStoredAsync(DataModule module, PartyKey owner, PartyKey receiver, string correlationId, CancellationToken cancellationToken)
    {
        if (await platforms.FindByPartyAsync(receiver, cancellationToken) is not { TakesPushes: true } platform || !Receivers.HasReceiverEndpoint(platform, module))
            return;
        var shape = DataShapes.For(module);
        var sender = new PartyKey(hub.CountryCode, hub.PartyId);
        // Page by page from the last object sent (not by offset: an object removed meanwhile would shift the pages),
        // each page read and queued in one transaction.
        ObjectPosition? after = null;
        while (true)
        {
            var (last, hasMore) = await data.EnqueuePageAsync(new ObjectQuery(module, [owner], null, null, null, 0, PageSize, CountTotal: false, after),
                async (stored, finder) =>
                {
                    if (!(await shape.AudienceAsync(stored.Body, finder, cancellationToken)).Includes(platform, receiver))
                        return null;
                    var path = shape.ObjectPath(stored.Id);
                    return new ObjectDelivery(stored, path, new NewDelivery(platform.Id, receiver, sender, "PUT", path, stored.Body));
                }, correlationId, module.Collapsible(), cancellationToken);
            if (!hasMore)
                return;
            after = last;
        }
    }
}
