using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>
/// One row of the routing table: a request and the decision expected. A refusal is expected by its OCPI
/// status and by what its reason must mention (parties, roles, headers), so reasons may be reworded freely.
/// </summary>
public sealed record RoutingCase(string Name, RoutingRequest Request, RoutingDecision Expected, IReadOnlyList<string> Mentions, RoutingFacts Facts)
{
    public override string ToString() => Name;
}

/// <summary>Short ways to write requests in the table; the version is the caller's unless given.</summary>
public static class Requests
{
    public static RoutingRequest Push(Platform caller, DataModule module, PartyKey? urlOwner,
        PartyKey? from = null, PartyKey? to = null, OcpiVersion? version = null) =>
        new(caller, module, RequestKind.Push, version ?? caller.Version!.Value, urlOwner, from, to, World.Hub);

    public static RoutingRequest Page(Platform caller, DataModule module,
        PartyKey? from = null, PartyKey? to = null, OcpiVersion? version = null, PartyKey? urlOwner = null) =>
        new(caller, module, RequestKind.GetPage, version ?? caller.Version!.Value, urlOwner, from, to, World.Hub);

    public static RoutingRequest Single(Platform caller, DataModule module,
        PartyKey? from = null, PartyKey? to = null, OcpiVersion? version = null) =>
        new(caller, module, RequestKind.GetSingle, version ?? caller.Version!.Value, null, from, to, World.Hub);
}
