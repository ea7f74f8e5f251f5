using System.Collections;
using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// The hub's Locations sender interface, every version: pages of the Locations of the CPOs the reader has an
/// agreement with, and single Locations, EVSEs and connectors, all answered from the hub's copy (never a round
/// trip to the owner) in the reader's version.
/// </summary>
public static class LocationsSenderEndpoints
{
    public const int MaxLimit = 1000;

    public static void MapLocationsSender(this IEndpointRouteBuilder ocpi)
    {
        var sender = ocpi.MapGroup("/{version}/sender/locations")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: false);
        sender.MapGet("", PageAsync);
        sender.MapGet("/{**ids}", SingleAsync);
    }

    private static async Task<IResult> PageAsync(HttpContext context, HubRouting routing, IDataStore data)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, DataModule.Locations, RequestKind.GetPage, null);
        if (decision is not RoutingDecision.ServeFromStore serve)
            return Refused(version, decision);
        var (page, problem) = Paging.Read(context.Request, MaxLimit);
        if (page is null)
            return OcpiResults.Error(version, OcpiStatusCodes.InvalidOrMissingParameters, problem!);

        var caller = context.Caller().Platform;
        var owners = await routing.VisibleOwnersAsync(DataModule.Locations, serve.Requester, serve.Owner, context.RequestAborted);
        var found = await data.PageAsync(new ObjectQuery(DataModule.Locations, owners, null, page.DateFrom, page.DateTo,
            page.Offset, page.Limit, caller.Settings.TotalCountHeader), context.RequestAborted);

        var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(new LocationPath("").ModelIn(version)))!;
        foreach (var stored in found.Items)
            items.Add(InVersion(version, stored, new LocationPath(stored.Id)));
        Paging.WriteHeaders(context, page, found.Items.Count, found.HasMore, MaxLimit, found.Total);
        if (version != OcpiVersion.V211)
            RoutingHeaders.Write(context.Response.Headers, routing.Hub, serve.Requester);
        return OcpiResults.Ok(items, version);
    }

    private static async Task<IResult> SingleAsync(HttpContext context, string ids, HubRouting routing, IDataStore data)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, DataModule.Locations, RequestKind.GetSingle, null);
        if (decision is not RoutingDecision.ServeFromStore serve)
            return Refused(version, decision);
        if (LocationPath.Parse(ids) is not { } path)
            return OcpiResults.Error(version, OcpiStatusCodes.ClientError, "expected …/locations/{location_id}[/{evse_uid}[/{connector_id}]]", StatusCodes.Status404NotFound);

        var owners = await routing.VisibleOwnersAsync(DataModule.Locations, serve.Requester, serve.Owner, context.RequestAborted);
        var matches = await data.FindByIdAsync(DataModule.Locations, owners, path.LocationId, context.RequestAborted);
        if (matches.Count > 1)
        {
            return OcpiResults.Error(version, OcpiStatusCodes.InvalidOrMissingParameters,
                $"location {path.LocationId} exists at {string.Join(", ", matches.Select(m => m.Owner))}: name the CPO in OCPI-to-country-code / OCPI-to-party-id");
        }
        if (version != OcpiVersion.V211 && matches.Count == 1)
            RoutingHeaders.Write(context.Response.Headers, matches[0].Owner, serve.Requester);
        return Answer(version, matches.SingleOrDefault(), path);
    }

    /// <summary>The addressed object of a stored Location in <paramref name="version"/>, or 2003 when there is none.</summary>
    public static IResult Answer(OcpiVersion version, StoredObject? stored, LocationPath path) =>
        stored is not null && InVersion(version, stored, path) is { } found
            ? OcpiResults.Ok(found, version)
            : OcpiResults.Error(version, OcpiStatusCodes.UnknownLocation, $"unknown {path.Level.ToString().ToLowerInvariant()} {path.Relative}", StatusCodes.Status404NotFound);

    private static object? InVersion(OcpiVersion version, StoredObject stored, LocationPath path)
    {
        var context = new TranslationContext(new PartyRef(stored.Owner.CountryCode, stored.Owner.PartyId));
        // A whole Location (every item of a page) is read straight from its text: a JsonNode in between costs a
        // second parse of the same bytes (S2 in docs/benchmarks.md).
        if (path.Level == LocationLevel.Location)
            return Canonical.In(version, Canonical.FromJson(stored.Body, path.CanonicalModel), context);
        JsonNode? node = JsonNode.Parse(stored.Body);
        node = FindChild(node?["evses"], "uid", path.EvseUid!);
        if (path.ConnectorId is not null)
            node = FindChild(node?["connectors"], "id", path.ConnectorId);
        return node is null ? null : Canonical.In(version, Canonical.FromJson(node, path.CanonicalModel), context);
    }

    private static JsonNode? FindChild(JsonNode? children, string idField, string id) => (children as JsonArray)?.OfType<JsonObject>()
        .FirstOrDefault(c => string.Equals(c[idField]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase));

    private static IResult Refused(OcpiVersion version, RoutingDecision decision) => decision is RoutingDecision.Refuse refusal
        ? HubRouting.Refusal(version, refusal)
        : OcpiResults.Error(version, OcpiStatusCodes.ClientError, "this request cannot be served from the hub", StatusCodes.Status400BadRequest);
}
