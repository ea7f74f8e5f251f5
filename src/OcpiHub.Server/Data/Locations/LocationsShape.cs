using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// Locations: addressed down to an EVSE (by <c>uid</c>) and a connector; a change to either is merged into the
/// stored Location. An unpublished Location goes only to the owners of the tokens its <c>publish_allowed_to</c>
/// names, and never to a 2.1.1 reader, which cannot honour it (<see cref="Visibility"/>).
/// </summary>
public sealed class LocationsShape : DataShape
{
    public override DataModule Module => DataModule.Locations;

    public override int MaxDepth => 3;

    public override Type ModelIn(int depth, OcpiVersion version) => (depth, version == OcpiVersion.V211) switch
    {
        (1, true) => typeof(Protocol.V211.Location),
        (2, true) => typeof(Protocol.V211.Evse),
        (_, true) => typeof(Protocol.V211.Connector),
        (1, false) => typeof(Protocol.V230.Location),
        (2, false) => typeof(Protocol.V230.Evse),
        _ => typeof(Protocol.V230.Connector),
    };

    public override (string JsonField, string UrlValue)[] IdsToMatch(IReadOnlyList<string> ids, OcpiVersion version, PartyKey owner) => ids.Count switch
    {
        1 => base.IdsToMatch(ids, version, owner),
        2 => [("uid", ids[1])],
        _ => [("id", ids[2])],
    };

    public override MergeResult Apply(JsonObject? stored, IReadOnlyList<string> ids, bool patch, JsonObject change) =>
        LocationMerge.Apply(stored, ids, patch, change);

    public override bool WithholdsFrom(OcpiVersion version) => true;

    /// <summary>A 2.1.1 PATCH that leaves a Location without a parking type reaches later versions as the full Location, which has none.</summary>
    public override bool PatchNeedsFullState(OcpiVersion receiver, string change) =>
        receiver != OcpiVersion.V211 && change.Contains(Carry.KeyOf(OcpiVersion.V211), StringComparison.Ordinal)
        && LocationMerge.SetsTypeWithoutParkingType(JsonNode.Parse(change)!.AsObject());

    public override async ValueTask<Audience> AudienceAsync(string body, IObjectFinder data, CancellationToken cancellationToken)
    {
        // The hub writes bodies compactly: only an unpublished Location holds this text, and only it needs reading.
        if (!body.Contains("\"publish\":false", StringComparison.Ordinal))
            return Audience.Everyone;
        var location = (Protocol.V230.Location)Canonical.FromJson(body, typeof(Protocol.V230.Location));
        var owners = await OwnersOfAllowedTokensAsync(location, data, cancellationToken);
        return new((version, reader) => Visibility.Shows(location, version, reader, owners));
    }

    /// <summary>
    /// The parties owning a token of the hub's Tokens copy that an entry of <c>publish_allowed_to</c> matches.
    /// Entries name tokens (drivers), never parties: a token the hub does not hold makes nobody a reader.
    /// </summary>
    private static async Task<IReadOnlySet<PartyKey>> OwnersOfAllowedTokensAsync(Protocol.V230.Location location, IObjectFinder data, CancellationToken cancellationToken)
    {
        var owners = new HashSet<PartyKey>();
        foreach (var allowed in location.PublishAllowedTo ?? [])
        {
            // Candidates by one identifying field (compared without case by the store); Matches checks every set field.
            var (field, value) = allowed switch
            {
                { Uid: { } uid } => ("uid", uid),
                { VisualNumber: { } visualNumber } => ("visual_number", visualNumber),
                { GroupId: { } groupId } => ("group_id", groupId),
                _ => (null, null),
            };
            if (field is null || value is null)
                continue;
            foreach (var token in await data.FindByFieldAsync(DataModule.Tokens, field, value, cancellationToken))
            {
                if (Visibility.Matches(allowed, (Protocol.V230.Token)Canonical.FromJson(token.Body, typeof(Protocol.V230.Token))))
                    owners.Add(token.Owner);
            }
        }
        return owners;
    }

    public override JsonNode? Select(JsonNode stored, IReadOnlyList<string> ids)
    {
        var node = (JsonNode?)stored;
        if (ids.Count > 1)
            node = LocationMerge.Child(node?["evses"], "uid", ids[1]);
        if (ids.Count > 2)
            node = LocationMerge.Child(node?["connectors"], "id", ids[2]);
        return node;
    }
}
