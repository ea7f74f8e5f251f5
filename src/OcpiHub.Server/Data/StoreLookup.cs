using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Data;

/// <summary>
/// The hub's store as the translators' <see cref="ITranslationLookup"/>: the Location a 2.1.1 Session or CDR embeds,
/// the Tariffs a 2.1.1 connector chooses among, and the Token a 2.1.1 <c>auth_id</c> names. Translators ask synchronously and the store answers asynchronously,
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

    public Task<T> TranslateAsync<T>(Func<ITranslationLookup, T> translate, CancellationToken cancellationToken) =>
        TranslateLoadingAsync(translate, new Answers(new()), cancellationToken);

    /// <summary>
    /// The translation, and what it read of other objects of the store, as of <paramref name="now"/> (so it may change
    /// while its object does not): <see cref="FormInputs.None"/> when nothing, null when what it read cannot be checked
    /// again by key (Tokens by contract id); <paramref name="known"/>: Locations and Tariffs loaded by the translations
    /// before it (of the same page), not loaded again.
    /// </summary>
    public async Task<(T Value, FormInputs? Inputs)> TranslateNotingLookupsAsync<T>(Func<ITranslationLookup, T> translate, DateTimeOffset now,
        CancellationToken cancellationToken, KnownObjects? known = null)
    {
        var answers = new Answers(known ?? new());
        var value = await TranslateLoadingAsync(translate, answers, cancellationToken);
        return (value, !answers.AskedAny ? FormInputs.None : answers.AskedTokens ? null : answers.Known.InputsOf(answers.Read, now));
    }

    /// <summary>The translation, run again with the store's answers (loaded into <paramref name="answers"/>) while it asks what is not loaded.</summary>
    private async Task<T> TranslateLoadingAsync<T>(Func<ITranslationLookup, T> translate, Answers answers, CancellationToken cancellationToken)
    {
        var value = translate(answers);
        // A run asks at once all it needs of what it knows (every tariff a connector lists), and the tariffs of a
        // Location it embeds are loaded with the Location: the second run has every answer. Only a run with
        // nothing left unloaded counts: a question not loaded yet reads as an object the hub does not hold.
        for (var loads = 0; answers.AnyUnanswered; loads++)
        {
            if (loads == MaxLoads)
                throw new InvalidOperationException($"A translation still asks the store after {MaxLoads} loads");
            await LoadAsync(answers, cancellationToken);
            value = translate(answers);
        }
        return value;
    }

    /// <summary>
    /// Loads into <paramref name="known"/> the objects <paramref name="inputs"/> name that it has not loaded yet, in one
    /// query per module, so that <see cref="KnownObjects.Holds"/> can tell whether they still hold.
    /// </summary>
    public async Task LoadAsync(KnownObjects known, IEnumerable<FormInputs> inputs, CancellationToken cancellationToken)
    {
        var unloaded = inputs.SelectMany(i => i.Objects).Select(o => (o.Module, o.Owner, o.Key)).Distinct()
            .Where(o => !known.RowVersions.ContainsKey(o)).ToList();
        await LoadAsync(DataModule.Locations, known.Locations, known,
            [.. unloaded.Where(o => o.Module == DataModule.Locations).Select(o => (o.Owner, o.Key))], cancellationToken);
        await LoadAsync(DataModule.Tariffs, known.Tariffs, known,
            [.. unloaded.Where(o => o.Module == DataModule.Tariffs).Select(o => (o.Owner, o.Key))], cancellationToken);
    }

    private const int MaxLoads = 3;

    /// <summary>Loads every question asked and not loaded yet, one store call per module.</summary>
    private async Task LoadAsync(Answers answers, CancellationToken cancellationToken)
    {
        var locations = await LoadAsync(DataModule.Locations, answers.Locations, answers.Known, answers.TakeUnanswered(answers.UnansweredLocations), cancellationToken);
        foreach (var (owner, location) in locations)
            foreach (var tariffId in TariffIdsOf(location))
                answers.Ask(answers.Tariffs, answers.UnansweredTariffs, owner, tariffId);
        await LoadAsync(DataModule.Tariffs, answers.Tariffs, answers.Known, answers.TakeUnanswered(answers.UnansweredTariffs), cancellationToken);
        foreach (var contractId in answers.TakeUnanswered(answers.UnansweredTokens))
            answers.Tokens[contractId] = TokensOf(await data.FindByFieldAsync(DataModule.Tokens, "contract_id", contractId, cancellationToken));
    }

    /// <summary>The objects at <paramref name="asked"/> (owner and key), in one query, as answers (null: the hub holds none); those found, with their owners.</summary>
    private async Task<List<(PartyKey Owner, T Found)>> LoadAsync<T>(DataModule module, Dictionary<(PartyKey Owner, string Key), T?> answers,
        KnownObjects known, IReadOnlyList<(PartyKey Owner, string Key)> asked, CancellationToken cancellationToken) where T : class
    {
        if (asked.Count == 0)
            return [];
        foreach (var question in asked)
            (answers[question], known.RowVersions[(module, question.Owner, question.Key)]) = (null, 0);
        // The store finds objects by owner and key; the time of first storing a position also holds is not used.
        var stored = await data.FindManyAsync(module, asked.Select(q => new ObjectPosition(0, q.Owner, q.Key)).ToList(), cancellationToken);
        var found = new List<(PartyKey Owner, T Found)>();
        foreach (var one in stored)
        {
            var model = (T)Canonical.FromJson(one.Body, typeof(T));
            answers[(one.Owner, StoredObject.KeyOf(one.Id))] = model;
            known.RowVersions[(module, one.Owner, StoredObject.KeyOf(one.Id))] = one.RowVersion;
            found.Add((one.Owner, model));
        }
        return found;
    }

    /// <summary>The tariff ids the connectors of <paramref name="location"/> list: what a 2.1.1 translation of it asks.</summary>
    private static IEnumerable<string> TariffIdsOf(Location location) =>
        (location.Evses ?? []).SelectMany(e => e.Connectors ?? []).SelectMany(c => c.TariffIds ?? []);

    private static Token[] TokensOf(IReadOnlyList<StoredObject> found) =>
        found.Select(stored => (Token)Canonical.FromJson(stored.Body, typeof(Token)) with
        {
            CountryCode = stored.Owner.CountryCode, PartyId = stored.Owner.PartyId,
        }).ToArray();

    /// <summary>
    /// Locations and Tariffs loaded for translations, shared by those of one page (a page of 2.1.1 Locations names the
    /// same few Tariffs again and again): one at a time, never kept beyond the page.
    /// </summary>
    public sealed class KnownObjects
    {
        internal Dictionary<(PartyKey Owner, string Key), Location?> Locations { get; } = [];
        internal Dictionary<(PartyKey Owner, string Key), Tariff?> Tariffs { get; } = [];

        /// <summary>The row version each loaded object had (0: the hub held none).</summary>
        internal Dictionary<(DataModule Module, PartyKey Owner, string Key), long> RowVersions { get; } = [];

        /// <summary>Objects known with <paramref name="tariffs"/> as given (null: the hub held none), not read from the store: as they stood before a change.</summary>
        internal static KnownObjects WithTariffs(IEnumerable<(PartyKey Owner, string Id, Tariff? Tariff)> tariffs)
        {
            var known = new KnownObjects();
            foreach (var (owner, id, tariff) in tariffs)
                known.Tariffs[(owner, StoredObject.KeyOf(id))] = tariff;
            return known;
        }

        /// <summary>Whether what a form read (loaded here, <see cref="LoadAsync(KnownObjects, IEnumerable{FormInputs}, CancellationToken)"/>) is as it was, at <paramref name="now"/>.</summary>
        public bool Holds(FormInputs inputs, DateTimeOffset now) => now < inputs.Until
            && inputs.Objects.All(o => RowVersions.TryGetValue((o.Module, o.Owner, o.Key), out var rowVersion) && rowVersion == o.RowVersion);

        /// <summary>The inputs of a translation that read <paramref name="read"/> (loaded here) at <paramref name="now"/>.</summary>
        internal FormInputs InputsOf(IEnumerable<(DataModule Module, PartyKey Owner, string Key)> read, DateTimeOffset now)
        {
            var objects = read.Select(r => new ObjectRead(r.Module, r.Owner, r.Key, RowVersions.GetValueOrDefault(r))).ToList();
            // A Tariff's choice for 2.1.1 changes when its validity starts or ends.
            var until = objects.Where(o => o.Module == DataModule.Tariffs)
                .Select(o => Tariffs.GetValueOrDefault((o.Owner, o.Key)))
                .SelectMany(tariff => new[] { tariff?.StartDateTime, tariff?.EndDateTime })
                .OfType<DateTimeOffset>().Where(boundary => boundary > now)
                .DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            return new(objects, until);
        }
    }

    /// <summary>What a translation asked, and the answers loaded so far (null: the hub does not have it, or not loaded yet).</summary>
    private sealed class Answers(KnownObjects known) : ITranslationLookup
    {
        public KnownObjects Known => known;
        public Dictionary<(PartyKey Owner, string Key), Location?> Locations => known.Locations;
        public Dictionary<(PartyKey Owner, string Key), Tariff?> Tariffs => known.Tariffs;
        public Dictionary<string, IReadOnlyList<Token>> Tokens { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Questions asked and not loaded yet.</summary>
        public HashSet<(PartyKey Owner, string Key)> UnansweredLocations { get; } = [];
        public HashSet<(PartyKey Owner, string Key)> UnansweredTariffs { get; } = [];
        public HashSet<string> UnansweredTokens { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool AskedAny { get; private set; }

        /// <summary>The objects this translation asked for by key.</summary>
        public HashSet<(DataModule Module, PartyKey Owner, string Key)> Read { get; } = [];

        public bool AskedTokens { get; private set; }

        public bool AnyUnanswered => UnansweredLocations.Count + UnansweredTariffs.Count + UnansweredTokens.Count > 0;

        public Location? FindLocation(PartyRef owner, string locationId) => Find(DataModule.Locations, Locations, UnansweredLocations, owner, locationId);

        public Tariff? FindTariff(PartyRef owner, string tariffId) => Find(DataModule.Tariffs, Tariffs, UnansweredTariffs, owner, tariffId);

        public IReadOnlyList<Token> FindTokensByContractId(string contractId)
        {
            AskedAny = AskedTokens = true;
            if (Tokens.TryGetValue(contractId, out var tokens))
                return tokens;
            UnansweredTokens.Add(contractId);
            return Tokens[contractId] = [];
        }

        /// <summary>Asks for an object unless it was asked already.</summary>
        public void Ask<T>(Dictionary<(PartyKey, string), T?> answers, HashSet<(PartyKey, string)> unanswered, PartyKey owner, string id) where T : class
        {
            var question = (owner, StoredObject.KeyOf(id));
            if (answers.TryAdd(question, null))
                unanswered.Add(question);
        }

        public List<TQuestion> TakeUnanswered<TQuestion>(HashSet<TQuestion> unanswered)
        {
            var taken = unanswered.ToList();
            unanswered.Clear();
            return taken;
        }

        private T? Find<T>(DataModule module, Dictionary<(PartyKey, string), T?> answers, HashSet<(PartyKey, string)> unanswered, PartyRef owner, string id)
            where T : class
        {
            AskedAny = true;
            if (!PartyKey.TryParse(owner.ToString(), out var key))
                return null;
            Ask(answers, unanswered, key, id);
            Read.Add((module, key, StoredObject.KeyOf(id)));
            return answers[(key, StoredObject.KeyOf(id))];
        }
    }
}
