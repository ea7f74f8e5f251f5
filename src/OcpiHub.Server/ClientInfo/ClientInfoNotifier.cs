using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.ClientInfo;

/// <summary>
/// HubClientInfo (2.2.1+): what tells each party of an agreement how its counterpart stands, when the agreement is
/// made, suspended, resumed or ended and when the counterpart's connection goes OFFLINE or comes back. Each such change
/// starts, in its own transaction, a catch-up of module HubClientInfo (<see cref="CatchUps"/>), which one node runs
/// (<see cref="Agreements.AgreementBackfill"/>): it queues the ClientInfo as a delivery (durable, retried, in order per
/// receiver and party, never holding up the request or the operator's call that caused it), from the agreement and
/// platforms as stored when it runs, so the last a receiver hears is how its counterpart stands now.
/// </summary>
public sealed class ClientInfoNotifier(IPlatformStore platforms, IAgreementStore agreements, HubOptions hub, TimeProvider clock)
{
    /// <summary>How <paramref name="subject"/> stands now for <paramref name="receiver"/>, or null when they have no agreement.</summary>
    public async Task<V230.ClientInfo?> CurrentAsync(PartyKey receiver, PartyKey subject, CancellationToken cancellationToken) =>
        (await agreements.ForPartyAsync(subject, cancellationToken)).FirstOrDefault(a => a.CounterpartOf(subject) == receiver) is { } agreement
            ? Describe(subject, await platforms.FindByPartyAsync(subject, cancellationToken), agreement, clock.GetUtcNow())
            : null;

    /// <summary>How <paramref name="subject"/> stands for its counterpart in <paramref name="agreement"/>.</summary>
    public static V230.ClientInfo Describe(PartyKey subject, Platform? subjectPlatform, Agreement agreement, DateTimeOffset lastUpdated) => new()
    {
        CountryCode = subject.CountryCode,
        PartyId = subject.PartyId,
        Role = subject == agreement.Cpo ? Role.Cpo : Role.Emsp,
        Status = !agreement.IsActive
            ? ConnectionStatus.Suspended
            // A party of an agreement was connected when the agreement was made: carried by no registered
            // platform any more (its platform unregistered or was removed), it is suspended.
            : subjectPlatform?.Status switch
            {
                PlatformStatus.Connected => ConnectionStatus.Connected,
                PlatformStatus.Offline => ConnectionStatus.Offline,
                _ => ConnectionStatus.Suspended,
            },
        LastUpdated = lastUpdated,
    };

    /// <summary>
    /// The ClientInfo of <paramref name="receiver"/>'s counterpart in <paramref name="agreement"/> for it, given the
    /// platforms carrying each (null: none registered), or null when the receiver's platform takes no HubClientInfo pushes.
    /// </summary>
    public ObjectDelivery? Telling(PartyKey receiver, Agreement agreement, Platform? receiverPlatform, Platform? subjectPlatform)
    {
        if (receiverPlatform is not { TakesPushes: true, Version: >= OcpiVersion.V221 } target || !Receivers.HasReceiverEndpoint(target, DataModule.HubClientInfo))
            return null;
        var subject = agreement.CounterpartOf(receiver);
        var now = clock.GetUtcNow();
        var info = CanonicalJson.Of(Describe(subject, subjectPlatform, agreement, now)).Text;
        var about = new StoredObject(DataModule.HubClientInfo, subject, subject.ToString(), now, info, null, now);
        return new ObjectDelivery(about, "", new NewDelivery(target.Id, receiver, new PartyKey(hub.CountryCode, hub.PartyId), "PUT", "", info));
    }
}
