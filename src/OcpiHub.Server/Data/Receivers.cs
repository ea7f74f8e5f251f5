using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Server.Data;

/// <summary>
/// Who receives a change (product spec, section 4): Locations and Tariffs every eMSP party with an active
/// agreement with the owner, Tokens every such CPO party, Sessions and CDRs only the eMSP of the token. Each
/// receiver party that <c>accepts</c> (its platform's receiver endpoint, the object's audience) gets its own
/// delivery, from the hub on a broadcast and from the owner when addressed;
/// <c>inVersionOf</c> adapts it to what the receiver's version has (a PATCH it lacks becomes a PUT), or leaves it out (null). A platform
/// with <c>push</c> off gets none: it pulls from the hub's sender interfaces.
/// </summary>
public sealed class Receivers(IPlatformStore platforms, IAgreementStore agreements)
{
    public async Task<IReadOnlyList<NewDelivery>> ForAsync(RoutingDecision decision, DataModule module, PartyKey hub, PartyKey? tokenOwner,
        string method, string path, string? payload, Func<Platform, PartyKey, bool> accepts, CancellationToken cancellationToken,
        Func<Platform, NewDelivery, NewDelivery?>? inVersionOf = null)
    {
        var (owner, sender, candidates) = decision switch
        {
            RoutingDecision.StoreAndDeliver d => (d.Owner, d.Owner, (IReadOnlyList<PartyKey>)[d.Receiver]),
            RoutingDecision.StoreAndBroadcast b => (b.Owner, hub, await AgreedReadersAsync(module, b.Owner, cancellationToken)),
            _ => throw new ArgumentException($"{decision} stores nothing"),
        };
        if (module.IsPartySpecific())
            candidates = candidates.Where(c => c == tokenOwner).ToList();

        var deliveries = new List<NewDelivery>();
        foreach (var receiver in candidates)
        {
            if (await platforms.FindByPartyAsync(receiver, cancellationToken) is { TakesPushes: true } platform && accepts(platform, receiver))
            {
                var delivery = new NewDelivery(platform.Id, receiver, sender, method, path, payload);
                if ((inVersionOf is null ? delivery : inVersionOf(platform, delivery)) is { } sent)
                    deliveries.Add(sent);
            }
        }
        return deliveries;
    }

    /// <summary>
    /// What a change of who may see <paramref name="stored"/>, its body as it is, calls for (<paramref name="before"/>
    /// to <paramref name="after"/>: a token that lets its owner see an unpublished Location, a Tariff's validity
    /// period), sent by the hub as a broadcast is: the object's whole state to the receivers that may see it now and could
    /// not, and, where its module has DELETE, its removal at those that could and may not now.
    /// </summary>
    public async Task<IReadOnlyList<ObjectDelivery>> ForAudienceChangeAsync(StoredObject stored, PartyKey hub, Audience before, Audience after,
        CancellationToken cancellationToken)
    {
        var (module, decision) = (stored.Module, new RoutingDecision.StoreAndBroadcast(stored.Owner));
        var shape = DataShapes.For(module);
        var path = shape.ObjectPath(stored.Id);
        bool Reached(Audience audience, Platform platform, PartyKey party) => HasReceiverEndpoint(platform, module) && audience.Includes(platform, party);
        var deliveries = await ForAsync(decision, module, hub, stored.TokenOwner, "PUT", path, stored.Body,
            (platform, party) => Reached(after, platform, party) && !Reached(before, platform, party), cancellationToken);
        if (shape.AcceptsDelete)
        {
            deliveries = [.. deliveries, .. await ForAsync(decision, module, hub, stored.TokenOwner, "DELETE", path, null,
                (platform, party) => Reached(before, platform, party) && !Reached(after, platform, party), cancellationToken)];
        }
        return [.. deliveries.Select(d => new ObjectDelivery(stored, path, d))];
    }

    private async Task<IReadOnlyList<PartyKey>> AgreedReadersAsync(DataModule module, PartyKey owner, CancellationToken cancellationToken) =>
        (await agreements.ForPartyAsync(owner, cancellationToken))
            .Where(a => CarriesData(a, module, owner))
            .Select(a => a.CounterpartOf(owner))
            .Distinct()
            .ToList();

    /// <summary>
    /// Whether a party that has or had an agreement with <paramref name="owner"/> for the module, in any state (data to it
    /// may flow again), saw an object as <paramref name="before"/> decides and does not as <paramref name="now"/> does, in
    /// some version.
    /// </summary>
    public async Task<bool> LostByCounterpartAsync(DataModule module, PartyKey owner, Audience before, Audience now, CancellationToken cancellationToken) =>
        (await agreements.AllAsync(cancellationToken))
            .Where(a => OwnsData(a, module, owner))
            .Select(a => a.CounterpartOf(owner))
            .Any(party => OcpiVersions.All.Any(version => before.Includes(version, party) && !now.Includes(version, party)));

    /// <summary>Whether <paramref name="agreement"/> is active with <paramref name="owner"/> in the role that owns the module's objects (one id may be a CPO and an eMSP).</summary>
    public static bool CarriesData(Agreement agreement, DataModule module, PartyKey owner) => agreement.IsActive && OwnsData(agreement, module, owner);

    /// <summary>Whether <paramref name="owner"/> is the party of <paramref name="agreement"/> in the role that owns the module's objects, whatever its state.</summary>
    private static bool OwnsData(Agreement agreement, DataModule module, PartyKey owner) =>
        (module.OwnerRole() == Party.Cpo ? agreement.Cpo : agreement.Emsp) == owner;

    /// <summary>Platforms that implement the module's receiver interface (a 2.1.1 one lists the module without a role).</summary>
    public static bool HasReceiverEndpoint(Platform platform, DataModule module) =>
        platform.Endpoint(module.Identifier(), InterfaceRole.Receiver.Value) is not null;
}
