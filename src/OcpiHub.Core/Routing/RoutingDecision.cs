using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Routing;

/// <summary>What the hub does with a request: in a data module (<see cref="Router"/>) or forwarded in real time (<see cref="RealTimeRouter"/>).</summary>
public abstract record RoutingDecision
{
    /// <summary>Answer from the hub's store. <paramref name="Owner"/>: the addressed owner; null: every owner visible to the requester.</summary>
    public sealed record ServeFromStore(PartyKey Requester, PartyKey? Owner) : RoutingDecision;

    /// <summary>
    /// Store, then send to the receivers that follow from the agreements of <paramref name="Owner"/> (for Sessions
    /// and CDRs: the token's eMSP, decided later from the body).
    /// </summary>
    public sealed record StoreAndBroadcast(PartyKey Owner) : RoutingDecision;

    /// <summary>Store, then send to the one addressed receiver.</summary>
    public sealed record StoreAndDeliver(PartyKey Owner, PartyKey Receiver) : RoutingDecision;

    /// <summary>Forward the request to <paramref name="Receiver"/> now, on behalf of <paramref name="Sender"/>, and pass its answer back.</summary>
    public sealed record Forward(PartyKey Sender, PartyKey Receiver) : RoutingDecision;

    /// <summary>
    /// Ask every one of <paramref name="Receivers"/> at once on behalf of <paramref name="Sender"/> (a real-time
    /// authorization the hub cannot route to one owner); the caller picks the answer. Sorted, so decisions compare.
    /// </summary>
    public sealed record ForwardToAll(PartyKey Sender, IReadOnlyList<PartyKey> Receivers) : RoutingDecision
    {
        public bool Equals(ForwardToAll? other) => other is not null && Sender == other.Sender && Receivers.SequenceEqual(other.Receivers);

        public override int GetHashCode() => Sender.GetHashCode();
    }

    /// <summary>Answer the caller with this OCPI error (HTTP 200: the request reached the OCPI layer) and do nothing else.</summary>
    public sealed record Refuse(int OcpiStatus, string Reason) : RoutingDecision;
}
