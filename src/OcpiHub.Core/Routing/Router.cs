using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Routing;

/// <summary>
/// The hub's routing decision for a data module request (product spec section 6, docs/routing.md): who sends, on
/// whose behalf, and whether the hub answers from its store, stores and broadcasts, stores and delivers to one
/// party, or refuses. Pure: everything it needs is in the request and the facts.
/// </summary>
public static class Router
{
    public static RoutingDecision Decide(RoutingRequest request, RoutingFacts facts)
    {
        var caller = request.Caller;
        var isPush = request.Kind == RequestKind.Push;

        // Acting as someone else's party is refused before anything else is looked at.
        if (ForeignSender(caller, request.From) is { } foreign)
            return foreign;
        if (isPush && request.UrlOwner is { } urlOwner && !caller.Parties.Any(p => p.Key == urlOwner))
            return Refusals.UrlOwnerNotOwnParty(urlOwner, request.Module);

        var senderRole = isPush ? request.Module.OwnerRole() : request.Module.ReaderRole();
        if (ResolveSender(caller, request.From, senderRole, Refusals.Act(request.Module, request.Kind), out var sender) is { } unclearSender)
            return unclearSender;

        if (isPush && request.UrlOwner is { } named && named != sender)
            return Refusals.UrlOwnerIsNotSender(named, sender);

        // A GET addressed to the requester itself (as the official ocpi-tool sends GET All) can only mean "the
        // hub's data for me": read as addressed to the hub.
        if (request.To is not { } to || to == request.Hub || (!isPush && to == sender))
            return OpenRouting(request, sender);
        return Addressed(request, facts, sender, senderRole, to);
    }

    /// <summary>
    /// OCPI-from-* naming a party that is not the caller's (another platform's, the hub, anyone): a platform may only
    /// send as its own parties. Null when it names one of them, or nobody.
    /// </summary>
    public static Refuse? ForeignSender(Platform caller, PartyKey? from) =>
        from is { } named && !caller.Parties.Any(p => p.Key == named) ? Refusals.FromNotOwnParty(named) : null;

    /// <summary>
    /// The sending party of any request: the one named in OCPI-from-* (<paramref name="from"/>, already known to be
    /// the caller's), else the caller's only party in <paramref name="senderRole"/>. <paramref name="act"/> says what
    /// only that role may do, for the refusal. Null when it is clear, else why not.
    /// </summary>
    internal static Refuse? ResolveSender(Platform caller, PartyKey? from, string senderRole, string act, out PartyKey sender)
    {
        sender = default;
        if (from is { } named)
        {
            sender = named;
            var itsRoles = caller.Parties.Where(p => p.Key == named).Select(p => p.Role).ToList();
            return PlaysRole(itsRoles, senderRole)
                ? null
                : Refusals.SenderInWrongRole(named, itsRoles, act, senderRole);
        }

        var candidates = PartiesInRole(caller, senderRole);
        switch (candidates.Count)
        {
            case 1:
                sender = candidates[0];
                return null;
            case 0:
                return Refusals.NoPartyInRole(senderRole, act);
            default:
                return Refusals.AmbiguousSender(senderRole, candidates);
        }
    }

    /// <summary>
    /// The party a request comes from as far as it can be told, whatever is decided (the routing headers of every
    /// answer, refusals too, address it): the OCPI-from-* party if it is the caller's, else the caller's only party
    /// in <paramref name="senderRole"/>, else its only party. Null when the caller has several and did not say which.
    /// </summary>
    public static PartyKey? Requester(Platform caller, PartyKey? from, string senderRole)
    {
        if (from is { } named && caller.Parties.Any(p => p.Key == named))
            return named;
        var inRole = PartiesInRole(caller, senderRole);
        if (inRole.Count > 0)
            return inRole.Count == 1 ? inRole[0] : null;
        var all = caller.Parties.Select(p => p.Key).Distinct().ToList();
        return all.Count == 1 ? all[0] : null;
    }

    private static List<PartyKey> PartiesInRole(Platform caller, string role) =>
        caller.Parties.Where(p => IsRole(p.Role, role)).Select(p => p.Key).Distinct().ToList();

    /// <summary>No receiver named, or the hub (or on a GET the requester itself): the hub finds the receivers (push) or the visible owners (GET).</summary>
    private static RoutingDecision OpenRouting(RoutingRequest request, PartyKey sender) => request.Kind switch
    {
        RequestKind.Push => new StoreAndBroadcast(sender),
        RequestKind.GetPage => new ServeFromStore(sender, null),
        // A 2.1.1 partner cannot be expected to send routing headers; the serving code looks for the one visible owner.
        RequestKind.GetSingle when request.Version == OcpiVersion.V211 => new ServeFromStore(sender, null),
        RequestKind.GetSingle => Refusals.OwnerRequired(request.Module, request.Module.OwnerRole()),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown request kind"),
    };

    /// <summary>A party named in OCPI-to-*: the receiver of a push, or the owner a GET reads from.</summary>
    private static RoutingDecision Addressed(RoutingRequest request, RoutingFacts facts, PartyKey sender, string senderRole, PartyKey to)
    {
        if (!facts.KnownParties.TryGetValue(to, out var toRoles))
            return Refusals.UnknownReceiver(to);

        var isPush = request.Kind == RequestKind.Push;
        var expectedRole = isPush ? request.Module.ReaderRole() : request.Module.OwnerRole();
        if (!PlaysRole(toRoles, expectedRole))
            return Refusals.ReceiverInWrongRole(to, toRoles, expectedRole, request.Module, request.Kind);

        var (cpo, emsp) = IsRole(senderRole, Party.Cpo) ? (sender, to) : (to, sender);
        if (!facts.ActiveAgreements.Contains((cpo, emsp)))
            return Refusals.NoAgreement(cpo, emsp);

        return isPush ? new StoreAndDeliver(sender, to) : new ServeFromStore(sender, to);
    }

    // Roles are OCPI enum values; compare them the way the hub compares party ids, without regard to case.
    public static bool IsRole(string role, string expected) => string.Equals(role, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether one of a party's roles (one id may be a CPO and an eMSP) is <paramref name="expected"/>.</summary>
    internal static bool PlaysRole(IEnumerable<string> roles, string expected) => roles.Any(r => IsRole(r, expected));
}
