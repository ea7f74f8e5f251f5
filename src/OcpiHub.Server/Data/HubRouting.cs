using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data;

/// <summary>
/// Asks the routing decision about one request: gathers what it decides from (the caller, the routing headers,
/// the parties the hub knows and the active agreements) and returns the decision.
/// </summary>
public sealed class HubRouting(IPlatformStore platforms, IAgreementStore agreements, HubOptions hub)
{
    public PartyKey Hub => new(hub.CountryCode, hub.PartyId);

    public async Task<RoutingDecision> DecideAsync(HttpContext context, DataModule module, RequestKind kind, PartyKey? urlOwner)
    {
        var request = new RoutingRequest(context.Caller().Platform, module, kind, context.RequestVersion(), urlOwner,
            RoutingHeaders.From(context.Request), RoutingHeaders.To(context.Request), Hub);
        return Router.Decide(request, await FactsAsync(context.RequestAborted));
    }

    /// <summary>
    /// The routing decision of a request forwarded in real time (<see cref="RealTimeRouter"/>). <paramref name="findHolders"/>
    /// finds the parties whose stored object the request names, given the parties the hub knows (e.g. the CPOs
    /// with a Location of that id); <paramref name="tokenOwner"/> is the owner of the Token a START_SESSION or
    /// RESERVE_NOW carries (null where its version names none).
    /// </summary>
    public async Task<RoutingDecision> DecideRealTimeAsync(HttpContext context, RealTimeKind kind,
        Func<RoutingFacts, Task<IReadOnlyList<Holder>>> findHolders, PartyKey? tokenOwner = null)
    {
        var request = new RealTimeRequest(context.Caller().Platform, kind, RoutingHeaders.From(context.Request), RoutingHeaders.To(context.Request), Hub,
            tokenOwner, kind == RealTimeKind.Authorization && hub.Authorization.BroadcastUnknownTokens);
        var facts = await FactsAsync(context.RequestAborted);
        return RealTimeRouter.Decide(request, new RealTimeFacts(facts.KnownParties, facts.ActiveAgreements, await findHolders(facts)));
    }

    public async Task<RoutingFacts> FactsAsync(CancellationToken cancellationToken)
    {
        var registered = await platforms.AllAsync(cancellationToken);
        var all = await agreements.AllAsync(cancellationToken);
        // The stores hand out the same lists until either changes: the facts are made once per change, not per request.
        if (lastFacts is { } last && ReferenceEquals(last.Platforms, registered) && ReferenceEquals(last.Agreements, all))
            return last.Facts;
        // One id may play several roles (a CPO and an eMSP, one row each): every one counts.
        var known = registered.Where(p => p.IsRegistered).SelectMany(p => p.Parties).GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, IReadOnlyList<string> (g) => g.Select(p => p.Role).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
        var facts = new RoutingFacts(known, all.Where(a => a.IsActive).Select(a => (a.Cpo, a.Emsp)).ToHashSet());
        lastFacts = new(registered, all, facts);
        return facts;
    }

    private FactsOf? lastFacts;

    private sealed record FactsOf(IReadOnlyList<Platform> Platforms, IReadOnlyList<Agreement> Agreements, RoutingFacts Facts);

    /// <summary>The owners whose objects <paramref name="reader"/> may see: those it has an active agreement with.</summary>
    public async Task<IReadOnlyList<PartyKey>> VisibleOwnersAsync(DataModule module, PartyKey reader, PartyKey? addressed, CancellationToken cancellationToken)
    {
        var owners = (await agreements.ForPartyAsync(reader, cancellationToken))
            .Where(a => a.IsActive)
            .Select(a => module.OwnerRole() == Party.Cpo ? a.Cpo : a.Emsp)
            .Where(o => o != reader && (addressed is null || o == addressed))
            .Distinct()
            .ToList();
        return owners;
    }

    public static IResult Refusal(OcpiVersion version, RoutingDecision.Refuse refusal) =>
        OcpiResults.Refused(version, refusal.OcpiStatus, refusal.Reason);
}
