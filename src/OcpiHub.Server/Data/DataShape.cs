using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data;

/// <summary>The stored object after a change, whether the addressed object is new, or what was not found.</summary>
public sealed record MergeResult(JsonObject? Stored, bool Created, string? Unknown);

/// <summary>
/// What makes one data module different from another, for the one receiver and sender mechanism
/// (<see cref="DataReceiverEndpoints"/>, <see cref="DataSenderEndpoints"/>): its URL depth, its model per version
/// and depth, the body ids the URL fixes, how a change applies to the stored copy, and who receives it.
/// </summary>
public abstract class DataShape
{
    public abstract DataModule Module { get; }

    /// <summary>How many ids follow the owner in a URL (Locations: location, EVSE, connector).</summary>
    public virtual int MaxDepth => 1;

    /// <summary>The model of the object <paramref name="depth"/> ids address, in <paramref name="version"/>.</summary>
    public abstract Type ModelIn(int depth, OcpiVersion version);

    public Type CanonicalModel(int depth) => ModelIn(depth, OcpiVersion.V230);

    /// <summary>The body field holding the object's id.</summary>
    protected virtual string IdField => "id";

    /// <summary>The body fields that must repeat the URL's ids (2.2.1+ objects also carry their owner).</summary>
    public virtual (string JsonField, string UrlValue)[] IdsToMatch(IReadOnlyList<string> ids, OcpiVersion version, PartyKey owner) =>
        version == OcpiVersion.V211
            ? [(IdField, ids[0])]
            : [(IdField, ids[0]), ("country_code", owner.CountryCode), ("party_id", owner.PartyId)];

    /// <summary>
    /// Objects are created by a POST to the module, addressed by their body, and never changed (CDRs); otherwise
    /// they are PUT and PATCHed at their URL.
    /// </summary>
    public virtual bool CreatedByPost => false;

    /// <summary>Whether a page GET must name <c>date_from</c> (the Sessions sender requires it).</summary>
    public virtual bool PageNeedsDateFrom => false;

    /// <summary>Whether a receiver of this module may PATCH (2.2+ removed Tariff PATCH).</summary>
    public virtual bool AcceptsPatch(OcpiVersion version) => true;

    /// <summary>Whether an owner may DELETE its objects (only Tariffs in OCPI; a Token is invalidated instead).</summary>
    public virtual bool AcceptsDelete => false;

    /// <summary>Whether <see cref="AudienceAsync"/> can change with time alone, the body unchanged (a Tariff's validity period).</summary>
    public virtual bool AudienceChangesWithTime => false;

    /// <summary>
    /// The <c>last_updated</c> 2.1.1 readers see of an object of <paramref name="body"/> (<see cref="StoredObject.LastUpdatedFor211"/>)
    /// where later than its owner's <paramref name="lastUpdated"/>; null: its owner's.
    /// </summary>
    public virtual DateTimeOffset? LastUpdatedFor211(string body, DateTimeOffset lastUpdated) => null;

    /// <summary>
    /// Whether objects of the module may be given a later <c>last_updated</c> for 2.1.1 readers than their owner's (a
    /// Tariff from its start, a Location whose 2.1.1 <c>tariff_id</c> changed with a Tariff's validity): their 2.1.1
    /// pages filter <c>date_from</c>/<c>date_to</c> on it. Others filter on the owner's, along its index.
    /// </summary>
    public virtual bool DatedAnewFor211 => false;

    /// <summary>
    /// The key the hub stores an object under: its id, unless ids are unique only with more (a Token's type, from
    /// the URL's query or the pushed body, <paramref name="change"/>, null on a GET).
    /// </summary>
    public virtual string ObjectKey(string id, IQueryCollection query, CanonicalJson? change) => id;

    /// <summary>
    /// The key of the object an owner's request addresses: <see cref="ObjectKey"/>, unless the request's version cannot
    /// name all of it (a 2.1.1 Token's URL has no type), where the object the owner holds decides.
    /// </summary>
    public virtual ValueTask<string> AddressedKeyAsync(string id, IQueryCollection query, CanonicalJson? change, OcpiVersion version, PartyKey owner,
        IDataStore data, CancellationToken cancellationToken) => ValueTask.FromResult(ObjectKey(id, query, change));

    /// <summary>Ids the URL's query carries that the body must repeat (a Token's <c>type</c>).</summary>
    public virtual (string JsonField, string UrlValue)[] QueryIdsToMatch(IQueryCollection query) => [];

    /// <summary>The URL of the object stored under <paramref name="key"/>, below its owner.</summary>
    public virtual string ObjectPath(string key) => Uri.EscapeDataString(key);

    /// <summary>The URL of what <paramref name="ids"/> address in the object stored under <paramref name="key"/>, below its owner.</summary>
    public string PathOf(string key, IReadOnlyList<string> ids) =>
        string.Join('/', ids.Skip(1).Select(Uri.EscapeDataString).Prepend(ObjectPath(key)));

    /// <summary>A delivery's path as a receiver of <paramref name="version"/> is addressed (2.1.1 has no Token type in URLs).</summary>
    public virtual string PathIn(OcpiVersion version, string path) => path;

    /// <summary>
    /// A PUT replaces the stored object; a PATCH replaces the fields it carries, and within what is carried for an older
    /// version (<see cref="Carry"/>) the carried fields it has, keeping the others.
    /// </summary>
    public virtual MergeResult Apply(JsonObject? stored, IReadOnlyList<string> ids, bool patch, JsonObject change)
    {
        if (!patch)
            return new(change, stored is null, null);
        if (stored is null)
            return new(null, false, $"{Module.Identifier().TrimEnd('s')} {ids[0]}");
        return new(MergeFields(stored, change), false, null);
    }

    /// <summary>The fields of <paramref name="change"/> set on <paramref name="target"/>; of what is carried for an older version, field by field.</summary>
    public static JsonObject MergeFields(JsonObject target, JsonObject change)
    {
        foreach (var (field, value) in change.ToList())
        {
            if (field.StartsWith(Carry.KeyPrefix, StringComparison.Ordinal) && target[field] is JsonObject kept && value is JsonObject carried)
                MergeFields(kept, carried);
            else
                target[field] = value?.DeepClone();
        }
        return target;
    }

    /// <summary>
    /// Whether a queued PATCH <paramref name="change"/> (its canonical JSON) would mean something else to a receiver
    /// of <paramref name="receiver"/>'s version, so that it gets the object's full state as a PUT instead. Every
    /// delivery of a PATCH asks: the change is parsed only where it can matter.
    /// </summary>
    public virtual bool PatchNeedsFullState(OcpiVersion receiver, string change) => false;

    /// <summary>
    /// The eMSP that owns the token of a Session or CDR, the only party it goes to: read from the
    /// <paramref name="stored"/> object by the modules whose objects name one, and only by them.
    /// </summary>
    public virtual PartyKey? TokenOwner(Func<JsonObject> stored) => null;

    /// <summary>
    /// What the stored object <paramref name="body"/> (canonical JSON) tells of who may get it at <paramref name="now"/>,
    /// pushed or served: the one rule of <see cref="Visibility"/> for both paths. Everyone, unless the module restricts
    /// (<see cref="WithholdsFrom"/>).
    /// </summary>
    public virtual AudienceTerms TermsOf(string body, DateTimeOffset now) => AudienceTerms.Everyone;

    /// <summary>
    /// Who may get the stored object <paramref name="body"/> at <paramref name="now"/>: its terms (<see cref="TermsOf"/>),
    /// with what they need from the hub's copy read through <paramref name="data"/>.
    /// </summary>
    public async ValueTask<Audience> AudienceAsync(string body, DateTimeOffset now, IObjectFinder data, CancellationToken cancellationToken) =>
        (await AudienceTerms.AudiencesAsync([TermsOf(body, now)], data, cancellationToken))[0];

    /// <summary>
    /// The tokens the stored object <paramref name="body"/> names for its audience (<see cref="Visibility.TokensNamedBy(OcpiHub.Protocol.V230.Location)"/>), which
    /// the store indexes so that a token stored later finds it (<see cref="IObjectFinder.FindNamingAsync"/>); none unless the module's objects name tokens.
    /// </summary>
    public virtual IReadOnlyList<string> TokensNamed(string body) => [];

    /// <summary>
    /// The tokens the object may come to name (<see cref="TokensNamed"/>) by <paramref name="change"/>, a whole object
    /// or a PATCH of it, read from the change alone: the store holds them before the object
    /// (<see cref="IDataStore.ChangeAsync"/>), whose stored copy is not read yet.
    /// </summary>
    public virtual IReadOnlyList<string> TokensNamedBy(CanonicalJson change) => [];

    /// <summary>
    /// Whether <see cref="AudienceAsync"/> can leave out a reader of <paramref name="version"/> (then its total count and
    /// its offsets must look at every object; otherwise the index counts and skips).
    /// </summary>
    public virtual bool WithholdsFrom(OcpiVersion version) => false;

    /// <summary>The object <paramref name="ids"/> address inside the stored one (Locations: an EVSE or connector), or null.</summary>
    public virtual JsonNode? Select(JsonNode stored, IReadOnlyList<string> ids) => stored;

    /// <summary>
    /// The ids of an escaped path below the owner (<c>LOC1/EVSE1/1</c>, as <see cref="PathOf"/> writes it), each decoded
    /// once, or null when there are none or too many.
    /// </summary>
    public IReadOnlyList<string>? ParseIds(string? path)
    {
        var ids = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return ids.Length is >= 1 && ids.Length <= MaxDepth ? ids : null;
    }

    /// <summary>
    /// The ids of a request's URL below the owner, each decoded exactly once; <paramref name="routeIds"/> is the route's
    /// catch-all value. The server decodes that value already, all but <c>%2F</c> (which keeps a slash inside an id apart
    /// from the slashes between ids), so decoding it again would read an id sent as <c>L%2541</c> (<c>L%41</c>) as
    /// <c>LA</c>. The ids are read instead from the end of the path as the client sent it, as many segments as the route
    /// matched.
    /// </summary>
    public IReadOnlyList<string>? ParseIds(HttpRequest request, string? routeIds)
    {
        var count = (routeIds ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        var sent = SentPath(request).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return count <= sent.Length ? ParseIds(string.Join('/', sent[^count..])) : null;
    }

    /// <summary>The request's path as it came on the request line, not decoded.</summary>
    private static string SentPath(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    /// <summary>
    /// The owner and id a POSTed body names (no ids in the URL): the owner is null where the version's object does
    /// not carry it (2.1.1), and the id empty where the body has none (validation reports it).
    /// </summary>
    public (PartyKey? Owner, IReadOnlyList<string> Ids) AddressOf(JsonElement body, OcpiVersion version)
    {
        var id = Text(body, IdField) ?? "";
        var owner = version != OcpiVersion.V211 && Text(body, "country_code") is { } countryCode && Text(body, "party_id") is { } partyId
                    && PartyKey.TryFrom(countryCode, partyId, out var key)
            ? key
            : (PartyKey?)null;
        return (owner, [id]);
    }

    private static string? Text(JsonElement body, string field) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string RelativePath(IEnumerable<string> ids) => string.Join('/', ids.Select(Uri.EscapeDataString));
}

/// <summary>The shape of every data module the hub relays, and of the ClientInfo it delivers.</summary>
public static class DataShapes
{
    /// <summary>The modules partners push to and read from the hub.</summary>
    public static IReadOnlyDictionary<DataModule, DataShape> All { get; } = new DataShape[]
    {
        new Locations.LocationsShape(),
        new Tariffs.TariffsShape(),
        new Tokens.TokensShape(),
        new Sessions.SessionsShape(),
        new Cdrs.CdrsShape(),
    }.ToDictionary(s => s.Module);

    private static readonly DataShape ClientInfo = new ClientInfo.ClientInfoShape();

    public static DataShape For(DataModule module) => module == DataModule.HubClientInfo ? ClientInfo : All[module];
}
