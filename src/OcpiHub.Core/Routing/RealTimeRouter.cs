using OcpiHub.Core.Platforms;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Routing;

/// <summary>
/// The routing decision of a request the hub forwards in real time (product spec sections 5 and 6,
/// docs/routing.md "Forwarding"): real-time authorizations to the eMSP that owns the token, commands to the CPO
/// that owns the Location, Session or reservation. Decided from the authenticated platform, the routing headers
/// and what the store knows; an agreement between sender and receiver is always required. Pure.
/// </summary>
public static class RealTimeRouter
{
    public static RoutingDecision Decide(RealTimeRequest request, RealTimeFacts facts)
    {
        var kind = request.Kind;
        if (Router.ForeignSender(request.Caller, request.From) is { } foreign)
            return foreign;
        if (Router.ResolveSender(request.Caller, request.From, kind.SenderRole(), kind.Act(), out var sender) is { } unclearSender)
            return unclearSender;
        // The eMSP pre-authorizes the token of a command, so it may only use its own (OCPI 2.2.1, Commands).
        if (kind.CarriesToken() && request.TokenOwner is { } tokenOwner && tokenOwner != sender)
            return RealTimeRefusals.ForeignToken(tokenOwner, sender);

        return request.To is { } to && to != request.Hub
            ? Addressed(request, facts, sender, to)
            : OpenRouting(request, facts, sender);
    }

    /// <summary>
    /// OCPI-to names a party: it must be known, of the answering role and agreed with the sender; and where the request
    /// names the sender's own Session or reservation, hold it (another eMSP's is unknown to the sender, addressed or not).
    /// </summary>
    private static RoutingDecision Addressed(RealTimeRequest request, RealTimeFacts facts, PartyKey sender, PartyKey to)
    {
        var kind = request.Kind;
        if (!facts.KnownParties.TryGetValue(to, out var toRoles))
            return Refusals.UnknownReceiver(to);
        var receiverRole = kind.ReceiverRole();
        if (!Router.PlaysRole(toRoles, receiverRole))
            return RealTimeRefusals.ReceiverInWrongRole(to, toRoles, receiverRole, kind);
        var (cpo, emsp) = Pair(kind, sender, to);
        if (!facts.ActiveAgreements.Contains((cpo, emsp)))
            return Refusals.NoAgreement(cpo, emsp);
        // A Session the hub holds none of at that CPO goes on (its data may not have reached the hub yet): the CPO answers
        // for it. One it holds there for another eMSP, or for none it knows, is not the sender's; reservations and
        // charging profiles are only ever the hub's own record's.
        var unknownThere = kind == RealTimeKind.StopSession && !facts.Holders.Any(h => h.Owner == to);
        return !kind.NamesSendersOwn() || unknownThere || Reachable(kind, facts, sender).Contains(to)
            ? new Forward(sender, to)
            : RealTimeRefusals.NotHeldBy(to, kind);
    }

    /// <summary>
    /// No receiver named, or the hub: the receiver is the holder of what the request names, among those agreed with
    /// the sender (the hub reveals nothing of the others: to the sender they do not hold it).
    /// </summary>
    private static RoutingDecision OpenRouting(RealTimeRequest request, RealTimeFacts facts, PartyKey sender)
    {
        var kind = request.Kind;
        var visible = Reachable(kind, facts, sender)
            .Where(owner => facts.ActiveAgreements.Contains(Pair(kind, sender, owner)))
            .Distinct()
            .Order(PartyOrder)
            .ToList();

        if (visible.Count == 1)
            return new Forward(sender, visible[0]);
        // An eMSP may reuse a reservation id at another CPO, and a 2.1.1 one or one that never names a CPO could
        // otherwise never cancel: of several running reservations, the most recently made is meant (holders come so).
        if (kind == RealTimeKind.CancelReservation && visible.Count > 1)
            return new Forward(sender, Reachable(kind, facts, sender).First(visible.Contains));
        if (kind == RealTimeKind.Authorization)
            return Authorization(request, facts, sender, visible);
        return visible.Count == 0
            ? RealTimeRefusals.NothingToRoute(kind)
            : RealTimeRefusals.Ambiguous(kind, visible);
    }

    /// <summary>
    /// A token several agreed eMSPs hold (uids are unique only per eMSP) is asked of them all; an unknown one only
    /// when the operator switched the broadcast fallback on, and then of every eMSP agreed with the CPO.
    /// </summary>
    private static RoutingDecision Authorization(RealTimeRequest request, RealTimeFacts facts, PartyKey sender, List<PartyKey> owners)
    {
        if (owners.Count > 1)
            return new ForwardToAll(sender, owners);
        if (!request.BroadcastUnknownTokens)
            return RealTimeRefusals.UnknownToken();
        var agreed = facts.ActiveAgreements.Where(a => a.Cpo == sender).Select(a => a.Emsp).Distinct().Order(PartyOrder).ToList();
        return agreed.Count == 0 ? RealTimeRefusals.UnknownToken() : new ForwardToAll(sender, agreed);
    }

    /// <summary>
    /// The holders the sender may reach, agreed or not: a Session or reservation only where it is the sender's own (one
    /// whose eMSP the hub does not know is nobody's: it neither reaches nor hides the sender's own of the same id).
    /// </summary>
    private static IEnumerable<PartyKey> Reachable(RealTimeKind kind, RealTimeFacts facts, PartyKey sender) =>
        facts.Holders.Where(h => kind.NamesSendersOwn() ? h.For == sender : h.For is null || h.For == sender).Select(h => h.Owner);

    /// <summary>The (CPO, eMSP) pair of an agreement between the sender and a receiver of <paramref name="kind"/>.</summary>
    private static (PartyKey Cpo, PartyKey Emsp) Pair(RealTimeKind kind, PartyKey sender, PartyKey receiver) =>
        kind.SenderRole() == Party.Cpo ? (sender, receiver) : (receiver, sender);

    private static readonly Comparer<PartyKey> PartyOrder = Comparer<PartyKey>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
}
