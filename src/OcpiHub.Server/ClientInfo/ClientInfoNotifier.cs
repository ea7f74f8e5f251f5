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
/// HubClientInfo (2.2.1+): tells each party of an agreement how its counterpart stands, when the agreement is
/// made, suspended or ended and when the counterpart's connection goes OFFLINE or comes back. Each ClientInfo is
/// queued as a delivery: durable, retried, in order per receiver and party, and never holding up the request or
/// the operator's call that caused it while a counterpart is slow.
/// </summary>
public sealed class ClientInfoNotifier(IPlatformStore platforms, IAgreementStore agreements, IDataStore data, DeliveryNudge nudge, HubOptions hub,
    TimeProvider clock)
{
    public async Task AgreementChangedAsync(Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        await TellAsync(agreement.Cpo, agreement, correlationId, cancellationToken);
        await TellAsync(agreement.Emsp, agreement, correlationId, cancellationToken);
        nudge.Signal();
    }

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
    /// Queues the ClientInfo of <paramref name="receiver"/>'s counterpart for it, as it stands now, where its platform takes
    /// HubClientInfo pushes. A platform's change tells it through a catch-up (<see cref="Agreements.AgreementBackfill"/>).
    /// </summary>
    public async Task TellAsync(PartyKey receiver, Agreement agreement, string correlationId, CancellationToken cancellationToken)
    {
        if (await platforms.FindByPartyAsync(receiver, cancellationToken) is not { TakesPushes: true, Version: >= OcpiVersion.V221 } target
            || !Receivers.HasReceiverEndpoint(target, DataModule.HubClientInfo))
            return;

        var subject = agreement.CounterpartOf(receiver);
        var now = clock.GetUtcNow();
        var info = CanonicalJson.Of(Describe(subject, await platforms.FindByPartyAsync(subject, cancellationToken), agreement, now)).Text;
        var about = new StoredObject(DataModule.HubClientInfo, subject, subject.ToString(), now, info, null, now);
        var delivery = new NewDelivery(target.Id, receiver, new PartyKey(hub.CountryCode, hub.PartyId), "PUT", "", info);
        await data.EnqueueAsync([new ObjectDelivery(about, "", delivery)], correlationId, collapse: true, cancellationToken);
    }
}
