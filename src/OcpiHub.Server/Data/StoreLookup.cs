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
        var answers = new Answers();
        var value = translate(answers);
        if (!answers.AskedAny)
            return (value, false);
        // An answer may lead to a further question (the tariffs of the connectors of a Location a 2.1.1 Session
        // embeds): the translation runs again while it asks something new, a bounded number of times.
        for (var run = 0; run < MaxRuns && answers.Unanswered.Count > 0; run++)
        {
            await LoadAsync(answers, cancellationToken);
            value = translate(answers);
        }
        return (value, true);
    }

    private const int MaxRuns = 3;

    private async Task LoadAsync(Answers answers, CancellationToken cancellationToken)
    {
        foreach (var question in answers.Unanswered.ToArray())
        {
            switch (question)
            {
                case (DataModule.Locations, PartyKey owner, string id):
                    answers.Locations[(owner, id)] = await FindAsync<Location>(DataModule.Locations, owner, id, cancellationToken);
                    break;
                case (DataModule.Tariffs, PartyKey owner, string id):
                    answers.Tariffs[(owner, id)] = await FindAsync<Tariff>(DataModule.Tariffs, owner, id, cancellationToken);
                    break;
                case (DataModule.Tokens, _, string contractId):
                    answers.Tokens[contractId] = TokensOf(await data.FindByFieldAsync(DataModule.Tokens, "contract_id", contractId, cancellationToken));
                    break;
            }
            answers.Unanswered.Remove(question);
        }
    }

    private async Task<T?> FindAsync<T>(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken) where T : class =>
        await data.FindAsync(module, owner, id, cancellationToken) is { } stored ? (T)Canonical.FromJson(stored.Body, typeof(T)) : null;

    private static Token[] TokensOf(IReadOnlyList<StoredObject> found) =>
        found.Select(stored => (Token)Canonical.FromJson(stored.Body, typeof(Token)) with
        {
            CountryCode = stored.Owner.CountryCode, PartyId = stored.Owner.PartyId,
        }).ToArray();

    /// <summary>What a translation asked, and the answers loaded so far (null: the hub does not have it, or not loaded yet).</summary>
    private sealed class Answers : ITranslationLookup
    {
        public Dictionary<(PartyKey Owner, string Id), Location?> Locations { get; } = [];
        public Dictionary<(PartyKey Owner, string Id), Tariff?> Tariffs { get; } = [];
        public Dictionary<string, IReadOnlyList<Token>> Tokens { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Questions asked and not loaded yet: (module, owner, id), the owner unset for tokens.</summary>
        public HashSet<(DataModule, PartyKey?, string)> Unanswered { get; } = [];

        public bool AskedAny => Locations.Count + Tariffs.Count + Tokens.Count > 0;

        public Location? FindLocation(PartyRef owner, string locationId) => Find(Locations, DataModule.Locations, owner, locationId);

        public Tariff? FindTariff(PartyRef owner, string tariffId) => Find(Tariffs, DataModule.Tariffs, owner, tariffId);

        public IReadOnlyList<Token> FindTokensByContractId(string contractId)
        {
            if (Tokens.TryGetValue(contractId, out var tokens))
                return tokens;
            Unanswered.Add((DataModule.Tokens, null, contractId));
            return Tokens[contractId] = [];
        }

        private T? Find<T>(Dictionary<(PartyKey, string), T?> answers, DataModule module, PartyRef owner, string id) where T : class
        {
            if (!PartyKey.TryParse(owner.ToString(), out var key))
                return null;
            var question = (key, StoredObject.KeyOf(id));
            if (answers.TryGetValue(question, out var answer))
                return answer;
            Unanswered.Add((module, key, question.Item2));
            return answers[question] = null;
        }
    }
}
