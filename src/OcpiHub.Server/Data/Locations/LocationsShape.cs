using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// Locations: addressed down to an EVSE (by <c>uid</c>) and a connector; a change to either is merged into the
/// stored Location. An unpublished Location needs <c>publish_allowed_to</c> honoured, which a 2.1.1 receiver
/// cannot do, so it does not go to one.
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

    public override bool Accepts(Platform receiver, JsonObject stored) =>
        !(receiver.Version == OcpiVersion.V211 && stored["publish"]?.GetValue<bool>() == false);

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
