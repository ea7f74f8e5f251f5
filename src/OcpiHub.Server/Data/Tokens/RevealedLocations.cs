using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data.Tokens;

/// <summary>
/// The unpublished Locations the stored tokens let their owners see (their <c>publish_allowed_to</c> names them): tokens
/// pushed or pulled after such a Location was stored bring their eMSPs the whole Location at once, as a change that
/// publishes one does, queued in the tokens' own transaction. Once a batch (a pulled page): its tokens are gathered
/// (<see cref="Batch"/>), the Locations are found by the store's index of the tokens they name
/// (<see cref="IObjectFinder.FindNamingAsync"/>) in one look-up that holds them all, and each Location reaches each
/// new reader once, however many of the batch's tokens name it. Only tokens that are new or change a field an entry
/// matches are looked up: a token pushed again as it was costs a comparison of its text, one whose other fields
/// changed the reading of its two copies.
/// </summary>
public sealed class RevealedLocations(Receivers receivers, TimeProvider clock)
{
    private static readonly DataShape Locations = DataShapes.For(DataModule.Locations);

    /// <summary>Gathers the tokens a batch stores, whose Locations <see cref="Batch.BringAsync"/> then brings.</summary>
    public Batch Start(PartyKey hub) => new(this, hub);

    public sealed class Batch(RevealedLocations revealed, PartyKey hub)
    {
        // Each token's copy before the batch and as the batch leaves it.
        private readonly Dictionary<(PartyKey Owner, string Key), (StoredObject? Before, StoredObject Now)> tokens = [];

        /// <summary>The batch stores <paramref name="token"/> where <paramref name="stored"/> was (as the batch had left it).</summary>
        public void Stored(StoredObject token, StoredObject? stored)
        {
            var key = (token.Owner, StoredObject.KeyOf(token.Id));
            tokens[key] = (tokens.TryGetValue(key, out var earlier) ? earlier.Before : stored, token);
        }

        /// <summary>The batch removes <paramref name="token"/>: it reveals nothing.</summary>
        public void Removed(StoredObject token) => tokens.Remove((token.Owner, StoredObject.KeyOf(token.Id)));

        public Task<IReadOnlyList<ObjectDelivery>> BringAsync(IObjectFinder finder, CancellationToken cancellationToken) =>
            tokens.Count == 0 ? Task.FromResult<IReadOnlyList<ObjectDelivery>>([]) : revealed.ByAsync(tokens.Values, finder, hub, cancellationToken);
    }

    private async Task<IReadOnlyList<ObjectDelivery>> ByAsync(IEnumerable<(StoredObject? Before, StoredObject Now)> stored, IObjectFinder finder,
        PartyKey hub, CancellationToken cancellationToken)
    {
        var changed = stored.Select(t => (t.Now, Token: ChangedToken(t.Before, t.Now))).Where(t => t.Token is not null).ToList();
        var names = changed.SelectMany(t => Visibility.NamesOf(t.Token!)).Distinct().ToList();
        var named = await finder.FindNamingAsync(DataModule.Locations, names, cancellationToken);
        if (named.Count == 0)
            return [];
        var withTokens = new FinderWithTokens(finder, [.. changed.Select(t => t.Now)]);
        // Each Location's terms read once; who sees them before and after the batch's tokens, a token query each for all.
        var now = clock.GetUtcNow();
        var terms = named.Select(location => Locations.TermsOf(location.Body, now)).ToList();
        var before = await AudienceTerms.AudiencesAsync(terms, finder, cancellationToken);
        var after = await AudienceTerms.AudiencesAsync(terms, withTokens, cancellationToken);
        var brought = new List<ObjectDelivery>();
        for (var i = 0; i < named.Count; i++)
            brought.AddRange(await receivers.ForAudienceChangeAsync(named[i], hub, before[i], after[i], cancellationToken));
        return brought;
    }

    /// <summary><paramref name="now"/> read, where it is new or changes a field an entry matches; else null.</summary>
    private static Protocol.V230.Token? ChangedToken(StoredObject? before, StoredObject now)
    {
        // The hub writes the same token as the same text.
        if (before is not null && before.Body == now.Body)
            return null;
        var token = TokenOf(now.Body);
        return before is not null && Visibility.MatchedFields(TokenOf(before.Body)) == Visibility.MatchedFields(token) ? null : token;
    }

    private static Protocol.V230.Token TokenOf(string body) => (Protocol.V230.Token)Canonical.FromJson(body, typeof(Protocol.V230.Token));

    /// <summary>Finds as <paramref name="finder"/> does, with <paramref name="tokens"/> as their batch is about to store them.</summary>
    private sealed class FinderWithTokens(IObjectFinder finder, IReadOnlyList<StoredObject> tokens) : IObjectFinder
    {
        private readonly HashSet<(PartyKey Owner, string Key)> keys = [.. tokens.Select(t => (t.Owner, StoredObject.KeyOf(t.Id)))];
        private readonly List<(StoredObject Token, JsonNode? Body)> read = [.. tokens.Select(t => (t, JsonNode.Parse(t.Body)))];

        public async Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted,
            CancellationToken cancellationToken = default)
        {
            var found = await finder.FindByFieldsAsync(module, wanted, cancellationToken);
            if (module != DataModule.Tokens)
                return found;
            var matching = read.Where(t => wanted.Any(w => t.Body?[w.Field] is JsonValue own && own.TryGetValue(out string? text)
                && string.Equals(text, w.Value, StringComparison.OrdinalIgnoreCase))).Select(t => t.Token);
            return [.. found.Where(o => !keys.Contains((o.Owner, StoredObject.KeyOf(o.Id)))), .. matching];
        }

        public Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames,
            CancellationToken cancellationToken = default) =>
            finder.FindNamingAsync(module, tokenNames, cancellationToken);
    }
}
