using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Data;

namespace OcpiHub.Server.Deliveries;

/// <summary>What became of an operator's re-drive; <c>Refused</c> says why it was refused.</summary>
public sealed record RedriveOutcome(bool Found, string? Refused = null);

/// <summary>
/// An operator's re-drive of a dead or failing delivery: due now, with a whole retry window from now. A change of an
/// object whose backlog may collapse goes as the object's current state (a PUT of what the hub holds now, or of the
/// ClientInfo as it stands now), so an old change re-driven after newer ones were delivered never puts the receiver
/// back in time; it is refused as superseded when the object was deleted since (or the agreement behind a ClientInfo
/// is gone), and a DELETE when the object was stored again since where the receiver may see it. A CDR, never changed, goes as it was.
/// A delivery being sent now is refused (re-driven then, its attempt's outcome would be lost and it would go twice), as is a
/// pending one never attempted (it goes in its turn).
/// </summary>
public sealed class DeliveryRedrive(IDataStore data, IPlatformStore platforms, ClientInfoNotifier clientInfo, DeliveryNudge nudge, TimeProvider clock)
{
    public async Task<RedriveOutcome> RedriveAsync(long seq, CancellationToken cancellationToken)
    {
        if (await data.FindDeliveryAsync(seq, cancellationToken) is not { Status: not DeliveryStatus.Done } delivery)
            return new(Found: false);
        var (method, path, payload) = (delivery.Method, delivery.Path, delivery.Payload);
        if (delivery.Module.Collapsible())
        {
            var current = await CurrentStateAsync(delivery, cancellationToken);
            // A DELETE of an object still stored withdrew it from a receiver that may no longer see it (a Tariff typed since): that still holds.
            if (method == "DELETE" && current is { ReceiverMaySee: true })
                return new(Found: true, Refused: "it is superseded: the object was stored again after this DELETE; its current state reaches the receiver with that change");
            if (method != "DELETE" && current is null)
                return new(Found: true, Refused: "it is superseded: the object was deleted (a ClientInfo: its agreement removed) after this change; the DELETE reaches the receiver on its own");
            if (method != "DELETE" && current is { } state)
            {
                if (!state.ReceiverMaySee)
                    return new(Found: true, Refused: "it is superseded: the receiver may no longer see the object (it is unpublished for it now)");
                (method, path, payload) = ("PUT", state.Path, state.Body);
            }
        }
        // A stored object's full state is read again as the re-drive is written, and takes the receiver's later changes of it with it.
        Func<string, string>? fullStatePathOf = delivery.Module.Collapsible() && delivery.Module.IsStored() && method == "PUT" ? DataShapes.For(delivery.Module).ObjectPath : null;
        switch (await data.RetryAsync(seq, method, path, payload, clock.GetUtcNow(), fullStatePathOf, cancellationToken))
        {
            case RetryResult.NotFound:
                return new(Found: false);
            case RetryResult.BeingSent:
                return new(Found: true, Refused: "it is being sent right now; its outcome decides what follows (re-drive it once it has failed)");
            case RetryResult.NotFailed:
                return new(Found: true, Refused: "it has not been attempted yet; it is sent in its turn");
        }
        nudge.Signal();
        return new(Found: true);
    }

    /// <summary>The whole object the delivery is about as it stands now, and whether its receiver may see it; null when it is no more.</summary>
    private async Task<(string Path, string Body, bool ReceiverMaySee)?> CurrentStateAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var shape = DataShapes.For(delivery.Module);
        if (!delivery.Module.IsStored())
        {
            return await clientInfo.CurrentAsync(delivery.Receiver, delivery.Owner, cancellationToken) is { } info
                ? (shape.ObjectPath(delivery.ObjectKey), CanonicalJson.Of(info).Text, true)
                : null;
        }
        if (await data.FindAsync(delivery.Module, delivery.Owner, delivery.ObjectKey, cancellationToken) is not { } stored)
            return null;
        var audience = await shape.AudienceAsync(stored.Body, clock.GetUtcNow(), data, cancellationToken);
        var receiver = await platforms.FindAsync(delivery.ReceiverPlatformId, cancellationToken);
        return (shape.ObjectPath(stored.Id), stored.Body, receiver is not null && audience.Includes(receiver, delivery.Receiver));
    }
}
