using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// The hub's Locations receiver interface, every version: a CPO pushes Locations, EVSEs and connectors (PUT,
/// PATCH) and reads back what the hub holds (GET). Each change is validated, translated to the canonical model,
/// merged into the hub's copy and, in the same transaction, queued for every receiver the routing picks.
/// </summary>
public static class LocationsReceiverEndpoints
{
    public static void MapLocationsReceiver(this IEndpointRouteBuilder ocpi)
    {
        var receiver = ocpi.MapGroup("/{version}/receiver/locations/{countryCode}/{partyId}/{**ids}")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: false);
        receiver.MapMethods("", ["PUT", "PATCH"], PushAsync);
        receiver.MapGet("", GetAsync);
    }

    private static async Task<IResult> PushAsync(HttpContext context, string countryCode, string partyId, string? ids,
        HubRouting routing, Receivers receivers, IDataStore data, DeliveryNudge nudge, TimeProvider clock)
    {
        var version = context.RequestVersion();
        var patch = HttpMethods.IsPatch(context.Request.Method);
        if (LocationPath.Parse(ids) is not { } path || !PartyKey.TryParse($"{countryCode}*{partyId}", out var owner))
            return OcpiResults.Error(version, OcpiStatusCodes.InvalidOrMissingParameters, "expected …/locations/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]", StatusCodes.Status404NotFound);
        var decision = await routing.DecideAsync(context, DataModule.Locations, RequestKind.Push, owner);
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);

        var read = OcpiJson.Read(await OcpiBody.ReadAsync(context), path.ModelIn(version), version, patch ? ValidationMode.Patch : ValidationMode.Full);
        if (read.Value is null)
            return OcpiResults.Error(version, OcpiStatusCodes.InvalidOrMissingParameters, read.Problems.ToStatusMessage(), StatusCodes.Status400BadRequest);
        var problems = read.Problems.Concat(OcpiValidator.MatchUrl(read.Value, path.IdsToMatch(version, owner))).ToList();
        if (problems.Count > 0)
            return OcpiResults.Error(version, OcpiStatusCodes.InvalidOrMissingParameters, problems.ToStatusMessage());

        var canonical = Translators.ToCanonical(read.Value, version, new TranslationContext(new PartyRef(owner.CountryCode, owner.PartyId)) { IsPatch = patch });
        var change = Canonical.ToJson(canonical);
        var stored = await data.FindAsync(DataModule.Locations, owner, path.LocationId, context.RequestAborted);
        var merged = LocationMerge.Apply(stored is null ? null : JsonNode.Parse(stored.Body)!.AsObject(), path, patch, change);
        if (merged.Location is null)
            return OcpiResults.Error(version, OcpiStatusCodes.UnknownLocation, $"unknown {merged.Unknown}: PUT it first", StatusCodes.Status404NotFound);

        var location = (Protocol.V230.Location)Canonical.FromJson(merged.Location, typeof(Protocol.V230.Location));
        var deliveries = await receivers.ForAsync(decision, DataModule.Locations, routing.Hub, null,
            context.Request.Method, path.Relative, change.ToJsonString(),
            platform => Receivers.HasReceiverEndpoint(platform, DataModule.Locations)
                // An unpublished Location needs publish_allowed_to honoured, which a 2.1.1 receiver cannot do.
                && !(location.Publish == false && Receivers.IsV211(platform)),
            context.RequestAborted);
        var now = clock.GetUtcNow();
        await data.SaveAsync(new StoredObject(DataModule.Locations, owner, path.LocationId, location.LastUpdated ?? now,
            merged.Location.ToJsonString(), null, stored?.CreatedAt ?? now), deliveries, context.CorrelationId(), collapse: true, context.RequestAborted);
        nudge.Signal();
        return merged.Created && !patch
            ? OcpiResults.Ok(version, StatusCodes.Status201Created)
            : OcpiResults.Ok(version);
    }

    /// <summary>The owner reads back the hub's copy of its own object.</summary>
    private static async Task<IResult> GetAsync(HttpContext context, string countryCode, string partyId, string? ids, IDataStore data)
    {
        var version = context.RequestVersion();
        if (LocationPath.Parse(ids) is not { } path || !PartyKey.TryParse($"{countryCode}*{partyId}", out var owner))
            return OcpiResults.Error(version, OcpiStatusCodes.ClientError, "no such object", StatusCodes.Status404NotFound);
        if (!context.Caller().Platform.Parties.Any(p => p.Key == owner))
            return OcpiResults.Error(version, OcpiStatusCodes.ClientError, $"{owner} is not a party of this platform", StatusCodes.Status404NotFound);
        var stored = await data.FindAsync(DataModule.Locations, owner, path.LocationId, context.RequestAborted);
        return LocationsSenderEndpoints.Answer(version, stored, path);
    }
}
