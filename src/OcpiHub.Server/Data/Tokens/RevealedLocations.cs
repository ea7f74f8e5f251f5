using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data.Tokens;

/// <summary>
/// The unpublished Locations a stored token lets its owner see (their <c>publish_allowed_to</c> names it): a token pushed
/// or pulled after such a Location was stored brings its eMSP the whole Location at once, as a change that publishes one
/// does, queued in the token's own transaction. The Locations are found by the store's index of the tokens they name
/// (<see cref="IObjectFinder.FindNamingAsync"/>), looked up only for a token that is new or changes a field an entry
/// matches: a token pushed again as it was costs nothing more.
/// </summary>
public sealed class RevealedLocations(Receivers receivers)
{
    private static readonly DataShape Locations = DataShapes.For(DataModule.Locations);

    public async Task<IReadOnlyList<ObjectDelivery>> ByAsync(StoredObject token, StoredObject? stored, IObjectFinder finder, PartyKey hub,
        CancellationToken cancellationToken)
    {
        var changed = TokenOf(token.Body);
        if (stored is not null && Visibility.MatchedFields(TokenOf(stored.Body)) == Visibility.MatchedFields(changed))
            return [];
        var named = await finder.FindNamingAsync(DataModule.Locations, Visibility.NamesOf(changed), cancellationToken);
        if (named.Count == 0)
            return [];
        var withToken = new FinderWithToken(finder, token);
        var brought = new List<ObjectDelivery>();
        foreach (var location in named)
        {
            var before = await Locations.AudienceAsync(location.Body, finder, cancellationToken);
            var after = await Locations.AudienceAsync(location.Body, withToken, cancellationToken);
            var path = Locations.ObjectPath(location.Id);
            var deliveries = await receivers.ForAsync(new RoutingDecision.StoreAndBroadcast(location.Owner), DataModule.Locations, hub, null, "PUT", path,
                location.Body, (platform, party) => Receivers.HasReceiverEndpoint(platform, DataModule.Locations) && after.Includes(platform, party)
                    && !before.Includes(platform, party), cancellationToken);
            brought.AddRange(deliveries.Select(d => new ObjectDelivery(location, path, d)));
        }
        return brought;
    }

    private static Protocol.V230.Token TokenOf(string body) => (Protocol.V230.Token)Canonical.FromJson(body, typeof(Protocol.V230.Token));

    /// <summary>Finds as <paramref name="finder"/> does, with <paramref name="token"/> as its change is about to store it.</summary>
    private sealed class FinderWithToken(IObjectFinder finder, StoredObject token) : IObjectFinder
    {
        public async Task<IReadOnlyList<StoredObject>> FindByFieldAsync(DataModule module, string field, string value, CancellationToken cancellationToken = default)
        {
            var found = await finder.FindByFieldAsync(module, field, value, cancellationToken);
            if (module != token.Module)
                return found;
            var others = found.Where(o => o.Owner != token.Owner || StoredObject.KeyOf(o.Id) != StoredObject.KeyOf(token.Id));
            var matches = JsonNode.Parse(token.Body)?[field] is JsonValue own && own.TryGetValue(out string? text)
                && string.Equals(text, value, StringComparison.OrdinalIgnoreCase);
            return [.. others, .. matches ? [token] : Array.Empty<StoredObject>()];
        }

        public Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames,
            CancellationToken cancellationToken = default) =>
            finder.FindNamingAsync(module, tokenNames, cancellationToken);
    }
}
