using System.Collections.Frozen;
using System.Text.Json;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data;

/// <summary>
/// The hub's receiver interface of a data module, every version: a data owner pushes its objects (PUT, PATCH),
/// deletes them where the module allows (DELETE) and reads back what the hub holds
/// (GET). Each change is routed, validated, translated to the canonical model, applied to the hub's copy and, in
/// the same transaction, queued for every receiver; only then is it answered.
/// </summary>
public static class DataReceiverEndpoints
{
    public static void MapDataReceiver(this IEndpointRouteBuilder ocpi, DataShape shape)
    {
        // Each version's methods made once, not at every push.
        var methods = OcpiVersions.All.ToFrozenDictionary(version => version, version => ObjectMethods(shape, version));
        var receiver = ocpi.MapGroup($"/{{version}}/receiver/{shape.Module.Identifier()}/{{countryCode}}/{{partyId}}/{{**ids}}")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: false)
            .WithRoutingHeaders(shape.Module.OwnerRole())
            .Supports(context => methods[context.RequestVersion()]);
        receiver.MapMethods("", [HttpMethods.Put, HttpMethods.Patch], (HttpContext context, string countryCode, string partyId, string? ids, DataPush push) =>
            Address(context, shape, countryCode, partyId, ids) is { } address
                ? push.ApplyAsync(context, shape, address.Owner, address.Ids, HttpMethods.IsPatch(context.Request.Method))
                : Task.FromResult(NoSuchObject(context, shape)));
        receiver.MapDelete("", (HttpContext context, string countryCode, string partyId, string? ids, DataPush push) =>
            Address(context, shape, countryCode, partyId, ids) is { Ids.Count: 1 } address
                ? push.DeleteAsync(context, shape, address.Owner, address.Ids[0])
                : Task.FromResult(NoSuchObject(context, shape)));
        if (shape.CreatedByPost)
        {
            ocpi.MapGroup($"/{{version}}/receiver/{shape.Module.Identifier()}")
                .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
                .RequirePlatform(registrationTokenAllowed: false)
                .WithRoutingHeaders(shape.Module.OwnerRole())
                .Supports(OcpiMethods.Post)
                .MapPost("", (HttpContext context, DataPush push) => push.CreateAsync(context, shape));
        }
        receiver.MapGet("", (HttpContext context, string countryCode, string partyId, string? ids, IDataStore data, Presenter presenter) =>
            Address(context, shape, countryCode, partyId, ids) is { } address
                ? ReadBackAsync(context, shape, address.Owner, address.Ids, data, presenter)
                : Task.FromResult(NoSuchObject(context, shape)));
    }

    /// <summary>
    /// What an owner may do with one object of <paramref name="shape"/> in <paramref name="version"/>: read it back, and
    /// PUT, PATCH, DELETE it where the module has them (an object POSTed to the module, a CDR, is never changed).
    /// </summary>
    private static IReadOnlyList<string> ObjectMethods(DataShape shape, OcpiVersion version) => shape.CreatedByPost
        ? OcpiMethods.Get
        : [HttpMethods.Get, HttpMethods.Put, .. shape.AcceptsPatch(version) ? [HttpMethods.Patch] : Array.Empty<string>(),
            .. shape.AcceptsDelete ? [HttpMethods.Delete] : Array.Empty<string>()];

    /// <summary>The owner reads back the hub's copy of its own object.</summary>
    private static async Task<IResult> ReadBackAsync(HttpContext context, DataShape shape, PartyKey owner, IReadOnlyList<string> ids, IDataStore data, Presenter presenter)
    {
        var version = context.RequestVersion();
        // Sending as another platform's party is refused on a read-back as on a push (docs/routing.md, rule 1).
        if (Router.ForeignSender(context.Caller().Platform, RoutingHeaders.From(context.Request)) is { } foreign)
            return HubRouting.Refusal(version, foreign);
        if (!context.Caller().Platform.Parties.Any(p => p.Key == owner))
            return OcpiResults.Refused(version, OcpiStatusCodes.ClientError, $"{owner} is not a party of this platform: a platform reads back only its own parties' objects");
        var key = await shape.AddressedKeyAsync(ids[0], context.Request.Query, null, version, owner, data, context.RequestAborted);
        return await DataSenderEndpoints.AnswerAsync(context, shape, await data.FindAsync(shape.Module, owner, key, context.RequestAborted), ids, presenter);
    }

    private static (PartyKey Owner, IReadOnlyList<string> Ids)? Address(HttpContext context, DataShape shape, string countryCode, string partyId, string? path) =>
        shape.ParseIds(context.Request, path) is { } ids && PartyKey.TryFrom(countryCode, partyId, out var owner) ? (owner, ids) : null;

    private static IResult NoSuchObject(HttpContext context, DataShape shape) => OcpiResults.Error(context.RequestVersion(), OcpiErrorKind.NoSuchResource,
        OcpiStatusCodes.InvalidOrMissingParameters,
        $"expected …/{shape.Module.Identifier()}/{{country_code}}/{{party_id}}/{{id}}" + (shape.MaxDepth > 1 ? " with at most " + shape.MaxDepth + " ids" : ""));
}

/// <summary>
/// One push: routed, read in the caller's version, validated, translated, then applied by the <see cref="ChangePipeline"/>;
/// a DELETE routed and applied the same way.
/// </summary>
public sealed class DataPush(HubRouting routing, ChangePipeline pipeline, StoreLookup lookup, IDataStore data, HubOptions hub, TimeProvider clock)
{
    /// <summary>A PUT or PATCH (where the module has one in the request's version: see ObjectMethods) of the object at <paramref name="ids"/> of <paramref name="owner"/>.</summary>
    public Task<IResult> ApplyAsync(HttpContext context, DataShape shape, PartyKey owner, IReadOnlyList<string> ids, bool patch) =>
        PushAsync(context, shape, owner, ids, patch, null);

    /// <summary>
    /// A POST of a new object, addressed by its body: the owner is the body's <c>country_code</c>/<c>party_id</c>,
    /// or (2.1.1, whose objects carry none) the sending party. The answer's <c>Location</c> is the hub's copy.
    /// </summary>
    public async Task<IResult> CreateAsync(HttpContext context, DataShape shape)
    {
        var body = await OcpiBody.ReadAsync(context);
        JsonElement peek;
        try
        {
            var reader = new Utf8JsonReader(body);
            peek = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            peek = default; // reading the body for validation reports it
        }
        var (owner, ids) = shape.AddressOf(peek, context.RequestVersion());
        return await PushAsync(context, shape, owner, ids, patch: false, body);
    }

    /// <summary>
    /// Routes, validates and translates one change, and applies it through the pipeline. <paramref name="addressed"/> is the owner the
    /// request names, or null where it names none (a 2.1.1 POST): then the routing decides the owner. A
    /// <paramref name="posted"/> body creates only.
    /// </summary>
    private async Task<IResult> PushAsync(HttpContext context, DataShape shape, PartyKey? addressed, IReadOnlyList<string> ids, bool patch, byte[]? posted)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, shape.Module, RequestKind.Push, addressed);
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);
        var owner = addressed ?? OwnerOf(decision);

        var read = OcpiJson.Read(posted ?? await OcpiBody.ReadAsync(context), shape.ModelIn(ids.Count, version), version, patch ? ValidationMode.Patch : ValidationMode.Full);
        if (read.Value is null)
            return OcpiResults.InvalidBody(version, read);
        var problems = read.Problems.Concat(OcpiValidator.MatchUrl(read.Value, [.. shape.IdsToMatch(ids, version, owner), .. shape.QueryIdsToMatch(context.Request.Query)])).ToList();
        if (problems.Count > 0)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, problems.ToStatusMessage());

        var json = await lookup.ToCanonicalJsonAsync(read.Value, version, owner, patch, context.RequestAborted);
        // A 2.1.1 PATCH need not say when its object changed: it is dated when the hub receives it, so that the hub's copy
        // (and its parents) move for date_from, and receivers of 2.2.1 and later, which require the field, get it.
        if (patch && json.LastUpdated is null)
            json = json.Dated(clock.GetUtcNow());
        // A Session or CDR goes only to the eMSP of its token: addressed to another, it would be stored and go nowhere.
        if (decision is RoutingDecision.StoreAndDeliver addressedTo && shape.Module.IsPartySpecific()
            && shape.TokenOwner(() => json.Node) is { } tokenOwner && tokenOwner != addressedTo.Receiver)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters,
                $"the {Name(shape)}'s token belongs to {tokenOwner}, not to {addressedTo.Receiver} it is addressed to");
        var key = await shape.AddressedKeyAsync(ids[0], context.Request.Query, json, version, owner, data, context.RequestAborted);
        var change = new ObjectChange(shape, owner, ids, key, json, context.Request.Method, decision, context.CorrelationId(), ChangeSource.Push);
        var result = await ApplyAsync(context, change);
        switch (result.Outcome)
        {
            case ChangeOutcome.Exists:
                return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, $"{Name(shape)} {ids[0]} of {owner} exists already: it is never replaced");
            case ChangeOutcome.Unknown:
                return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, DataSenderEndpoints.UnknownObjectStatus(shape), $"unknown {result.Detail}: PUT it first");
            case ChangeOutcome.Invalid:
                return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, $"the {Name(shape)} it would leave is invalid: {result.Detail}");
        }
        if (posted is not null)
            context.Response.Headers.Location = $"{hub.BaseUrl}/ocpi/{version.ToWire()}/receiver/{shape.Module.Identifier()}/{owner.CountryCode}/{owner.PartyId}/{DataShape.RelativePath(ids)}";
        return OcpiResults.Ok(version, HttpStatusOf(result.Outcome, patch));
    }

    /// <summary>
    /// A DELETE, for modules whose owners may delete (<see cref="DataShape.AcceptsDelete"/>): routed like a push, then
    /// the object is removed and a DELETE queued for each receiver its PUT reached, by the pipeline as any change.
    /// </summary>
    public async Task<IResult> DeleteAsync(HttpContext context, DataShape shape, PartyKey owner, string id)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, shape.Module, RequestKind.Push, owner);
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);

        var change = new ObjectChange(shape, owner, [id], shape.ObjectKey(id, context.Request.Query, null), null, HttpMethods.Delete, decision,
            context.CorrelationId(), ChangeSource.Push);
        var result = await ApplyAsync(context, change);
        return result.Outcome == ChangeOutcome.Unknown
            ? OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError, $"unknown {result.Detail}")
            : OcpiResults.Ok(version, StatusCodes.Status200OK);
    }

    /// <summary>Applies one change; what it writes carries the exchange's log entry, which is then not written again.</summary>
    private async Task<ChangeResult> ApplyAsync(HttpContext context, ObjectChange change)
    {
        var result = await pipeline.ApplyAsync(change, outcome => InboundMessageLog.SuccessEntry(context, HttpStatusOf(outcome, change.IsPatch)), context.RequestAborted);
        if (result.Changed)
            InboundMessageLog.MarkWritten(context);
        return result;
    }

    private static int HttpStatusOf(ChangeOutcome outcome, bool patch) =>
        outcome == ChangeOutcome.Created && !patch ? StatusCodes.Status201Created : StatusCodes.Status200OK;

    private static PartyKey OwnerOf(RoutingDecision decision) => decision switch
    {
        RoutingDecision.StoreAndBroadcast b => b.Owner,
        RoutingDecision.StoreAndDeliver d => d.Owner,
        _ => throw new ArgumentException($"{decision} stores nothing"),
    };

    private static string Name(DataShape shape) => shape.Module.Identifier().TrimEnd('s');
}
