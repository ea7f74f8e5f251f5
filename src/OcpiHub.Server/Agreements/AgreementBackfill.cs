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
public sealed class AgreementBackfill(IDataStore data, IPlatformStore platforms, DeliveryNudge nudge, HubOptions hub)
{
    private const int PageSize = 500;

    public async Task BackfillAsync(Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        if (!hub.BackfillOnAgreement || !agreement.IsActive)
            return;
        foreach (var module in DataModules.All.Where(m => !m.IsPartySpecific()))
        {
            var owner = module.OwnerRole() == Party.Cpo ? agreement.Cpo : agreement.Emsp;
            await SendStoredAsync(module, owner, agreement.CounterpartOf(owner), correlationId, cancellationToken);
        }
        nudge.Signal();
    }

    private async Task SendStoredAsync(DataModule module, PartyKey owner, PartyKey receiver, string correlationId, CancellationToken cancellationToken)
    {
        if (await platforms.FindByPartyAsync(receiver, cancellationToken) is not { TakesPushes: true } platform || !Receivers.HasReceiverEndpoint(platform, module))
            return;
        var shape = DataShapes.For(module);
        var sender = new PartyKey(hub.CountryCode, hub.PartyId);
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await data.PageAsync(new ObjectQuery(module, [owner], null, null, null, offset, PageSize, CountTotal: false), cancellationToken);
            var deliveries = new List<ObjectDelivery>(page.Items.Count);
            foreach (var stored in page.Items)
            {
                if (!(await shape.AudienceAsync(stored.Body, data, cancellationToken)).Includes(platform, receiver))
                    continue;
                var path = shape.ObjectPath(stored.Id);
                deliveries.Add(new ObjectDelivery(stored, path, new NewDelivery(platform.Id, receiver, sender, "PUT", path, stored.Body)));
            }
            // One transaction per page of stored objects.
            await data.EnqueueAsync(deliveries, correlationId, module.Collapsible(), cancellationToken);
            if (!page.HasMore)
                return;
        }
    }
}
