using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Data;

/// <summary>
/// The hub's store as the translators' <see cref="ITranslationLookup"/>: the Location a 2.1.1 Session or CDR embeds,
/// and the Token a 2.1.1 <c>auth_id</c> names. Translators ask synchronously and the store answers asynchronously,
/// so a translation first runs to learn what it asks, the answers are loaded, and it runs again with them. A
/// translation that asks nothing (every one but to or from 2.1.1) runs once.
/// </summary>
public sealed class StoreLookup(IDataStore data)
{
    /// <summary>A model read in <paramref name="version"/>, owned by <paramref name="owner"/>, as the canonical JSON the hub stores and routes.</summary>
    public async Task<CanonicalJson> ToCanonicalJsonAsync(object model, OcpiHub.Protocol.OcpiVersion version, PartyKey owner, bool isPatch,
        CancellationToken cancellationToken) =>
        CanonicalJson.Of(await TranslateAsync(found => Translators.ToCanonical(model, version,
            new TranslationContext(new PartyRef(owner.CountryCode, owner.PartyId), found) { IsPatch = isPatch }), cancellationToken));

    public async Task<T> TranslateAsync<T>(Func<ITranslationLookup, T> translate, CancellationToken cancellationToken) =>
        (await TranslateNotingLookupsAsync(translate, cancellationToken)).Value;

    /// <summary>The translation, and whether it read other objects of the store (so it may change while its object does not).</summary>
    public async Task<(T Value, bool ReadStore)> TranslateNotingLookupsAsync<T>(Func<ITranslationLookup, T> translate, CancellationToken cancellationToken)
    {
        var questions = new Answers();
        var first = translate(questions);
        if (questions.Locations.Count == 0 && questions.Tokens.Count == 0)
            return (first, false);

        var answers = new Answers();
        foreach (var (owner, locationId) in questions.Locations.Keys)
        {
            var stored = await data.FindAsync(DataModule.Locations, owner, locationId, cancellationToken);
            answers.Locations[(owner, locationId)] = stored is null ? null : (Location)Canonical.FromJson(stored.Body, typeof(Location));
        }
        foreach (var contractId in questions.Tokens.Keys)
            answers.Tokens[contractId] = TokensOf(await data.FindByFieldAsync(DataModule.Tokens, "contract_id", contractId, cancellationToken));
        return (translate(answers), true);
    }

    private static Token[] TokensOf(IReadOnlyList<StoredObject> found) =>
        found.Select(stored => (Token)Canonical.FromJson(stored.Body, typeof(Token)) with
        {
            CountryCode = stored.Owner.CountryCode, PartyId = stored.Owner.PartyId,
        }).ToArray();

    /// <summary>What a translation asked and, once loaded, the answers (null: the hub does not have it).</summary>
    private sealed class Answers : ITranslationLookup
    {
        public Dictionary<(PartyKey Owner, string Id), Location?> Locations { get; } = [];
        public Dictionary<string, IReadOnlyList<Token>> Tokens { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Location? FindLocation(PartyRef owner, string locationId)
        {
            if (!PartyKey.TryParse(owner.ToString(), out var key))
                return null;
            var id = (key, StoredObject.KeyOf(locationId));
            return Locations.TryGetValue(id, out var location) ? location : Locations[id] = null;
        }

        public IReadOnlyList<Token> FindTokensByContractId(string contractId) =>
            Tokens.TryGetValue(contractId, out var tokens) ? tokens : Tokens[contractId] = [];
    }
}
