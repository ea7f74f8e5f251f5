using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data;

/// <summary>
/// The hub's sender interface of a data module, every version: pages of the objects of the owners the reader has
/// an agreement with (Sessions and CDRs: only those of the reader's tokens), and for Locations single objects,
/// all answered from the hub's copy, never a round trip to the owner, in the reader's version, and only what the
/// reader would be pushed (<see cref="VisibleObjects"/>).
/// </summary>
public static class DataSenderEndpoints
{
    public const int MaxLimit = 1000;

    public static void MapDataSender(this IEndpointRouteBuilder ocpi, DataShape shape)
    {
        var singleObjects = shape.Module == DataModule.Locations;
        var sender = ocpi.MapGroup($"/{{version}}/sender/{shape.Module.Identifier()}")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: false)
            .WithRoutingHeaders(shape.Module.ReaderRole())
            .Supports(OcpiMethods.Get, singleObjects ? ["/{**ids}"] : []);
        sender.MapGet("", (HttpContext context, HubRouting routing, IDataStore data, Presenter presenter, WireForms forms, TimeProvider clock) =>
            PageAsync(context, shape, routing, data, presenter, forms, clock));
        if (singleObjects)
        {
            sender.MapGet("/{**ids}", (HttpContext context, string ids, HubRouting routing, IDataStore data, Presenter presenter, WireForms forms,
                TimeProvider clock) => SingleAsync(context, shape, ids, routing, data, presenter, forms, clock));
        }
    }

    private static async Task<IResult> PageAsync(HttpContext context, DataShape shape, HubRouting routing, IDataStore data, Presenter presenter, WireForms forms,
        TimeProvider clock)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, shape.Module, RequestKind.GetPage, null);
        if (decision is not RoutingDecision.ServeFromStore serve)
            return Refused(version, decision);
        var (page, problem) = Paging.Read(context.Request, MaxLimit);
        if (page is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, problem!);
        if (shape.PageNeedsDateFrom && page.DateFrom is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, $"date_from is required for a page of {shape.Module.Identifier()}");
        var after = page.Cursor is null ? null : PageCursor.Read(page.Cursor);
        if (page.Cursor is not null && after is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, "cursor is not one this hub wrote: follow the Link of the previous page");

        var caller = context.Caller().Platform;
        var owners = await routing.VisibleOwnersAsync(shape.Module, serve.Requester, serve.Owner, context.RequestAborted);
        var query = new ObjectQuery(shape.Module, owners, shape.Module.IsPartySpecific() ? serve.Requester : null,
            page.DateFrom, page.DateTo, page.Offset, page.Limit, CountTotal: false, after, DatedFor211: version == OcpiVersion.V211 && shape.DatedAnewFor211);
        var visible = new VisibleObjects(shape, data, presenter, forms, version, caller, serve.Requester, clock.GetUtcNow());
        var found = await visible.PageAsync(query, context.RequestAborted);
        int? total = caller.Settings.TotalCountHeader ? await visible.CountAsync(query, context.RequestAborted) : null;

        Paging.WriteHeaders(context, page, found.Items.Count, found.HasMore, MaxLimit, total, found.Last is { } last ? PageCursor.Write(last) : null);
        // A page of one addressed owner is answered for it, as the owner answers a GET sent to it through a hub; a
        // page of every visible owner (GET All) by the hub itself.
        if (serve.Owner is { } owner)
            RoutingHeaders.AnswerFor(context, owner);
        return OcpiResults.Ok(WireJson.List(found.Items), version);
    }

    private static async Task<IResult> SingleAsync(HttpContext context, DataShape shape, string path, HubRouting routing, IDataStore data, Presenter presenter,
        WireForms forms, TimeProvider clock)
    {
        var version = context.RequestVersion();
        var decision = await routing.DecideAsync(context, shape.Module, RequestKind.GetSingle, null);
        if (decision is not RoutingDecision.ServeFromStore serve)
            return Refused(version, decision);
        if (shape.ParseIds(context.Request, path) is not { } ids)
            return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError, $"expected …/{shape.Module.Identifier()}/{{id}}");

        var owners = await routing.VisibleOwnersAsync(shape.Module, serve.Requester, serve.Owner, context.RequestAborted);
        // What the reader may not see is unknown to it, also when telling owners apart.
        var visible = new VisibleObjects(shape, data, presenter, forms, version, context.Caller().Platform, serve.Requester, clock.GetUtcNow());
        var matches = await visible.AddressedAsync(await data.StampsByIdAsync(shape.Module, owners, ids[0], context.RequestAborted), ids, context.RequestAborted);
        // A Location of that id without the EVSE or connector asked for is no match for it.
        if (matches.Count > 1 && matches.Any(m => m.Wire is not null))
            matches = [.. matches.Where(m => m.Wire is not null)];
        if (matches.Count > 1)
        {
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters,
                $"{ids[0]} exists at {string.Join(", ", matches.Select(m => m.Owner))}: name the owner in OCPI-to-country-code / OCPI-to-party-id");
        }
        // The hub answers for the owner of the object, or for the owner addressed when it has no such object.
        if ((matches.Count == 1 ? matches[0].Owner : serve.Owner) is { } owner)
            RoutingHeaders.AnswerFor(context, owner);
        return Answer(version, shape, matches.SingleOrDefault().Wire, ids);
    }

    /// <summary>The addressed object of a stored one, for the caller of <paramref name="context"/>, or an unknown-object error.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext context, DataShape shape, StoredObject? stored, IReadOnlyList<string> ids, Presenter presenter)
    {
        var version = context.RequestVersion();
        return Answer(version, shape, stored is null ? null : await presenter.WireFormAsync(version, shape, stored, ids, context.Caller().Platform, context.RequestAborted), ids);
    }

    /// <summary>The addressed object in its wire form, or (null) an unknown-object error.</summary>
    private static IResult Answer(OcpiVersion version, DataShape shape, byte[]? wire, IReadOnlyList<string> ids) => wire is not null
        ? OcpiResults.Ok(WireJson.One(wire), version)
        : OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, UnknownObjectStatus(shape), $"unknown {shape.Module.Identifier().TrimEnd('s')} {DataShape.RelativePath(ids)}");

    private static IResult Refused(OcpiVersion version, RoutingDecision decision) => decision is RoutingDecision.Refuse refusal
        ? HubRouting.Refusal(version, refusal)
        : OcpiResults.Refused(version, OcpiStatusCodes.ClientError, "this request cannot be served from the hub");

    /// <summary>The OCPI status of an object the hub does not have: 2003 names an unknown Location, others have no code of their own.</summary>
    public static int UnknownObjectStatus(DataShape shape) =>
        shape.Module == DataModule.Locations ? OcpiStatusCodes.UnknownLocation : OcpiStatusCodes.ClientError;
}
