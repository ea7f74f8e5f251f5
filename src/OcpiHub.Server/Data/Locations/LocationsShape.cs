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

    // Its 2.1.1 connectors' tariff_id changes as a Tariff starts or ends (Tariffs.LocationsNamingTariffs).
    public override bool DatedAnewFor211 => true;

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

    /// <summary>
    /// A PATCH cannot remove a field: a 2.1.1 PATCH that leaves a Location without a parking type reaches later
    /// versions as the full Location, which has none; a PATCH of a connector's <c>tariff_ids</c> reaches 2.1.1
    /// readers as the full Location, since the list may leave them no <c>tariff_id</c> (empty, or none for 2.1.1),
    /// which a PATCH would leave as it was.
    /// </summary>
    public override bool PatchNeedsFullState(OcpiVersion receiver, string change) => receiver == OcpiVersion.V211
        ? change.Contains("\"tariff_ids\"", StringComparison.Ordinal)
        : change.Contains(Carry.KeyOf(OcpiVersion.V211), StringComparison.Ordinal)
          && LocationMerge.SetsTypeWithoutParkingType(JsonNode.Parse(change)!.AsObject());

    /// <summary>Everyone for a published Location; for an unpublished one, the owners of the tokens its entries allow, where the reader's version honours it.</summary>
    public override AudienceTerms TermsOf(string body, DateTimeOffset now) =>
        Unpublished(body) is { } location ? AudienceTerms.ByTokens(location.PublishAllowedTo ?? [], SeenByOwners) : AudienceTerms.Everyone;

    private static Audience SeenByOwners(IReadOnlySet<PartyKey> owners) =>
        new((version, reader) => Visibility.ShowsUnpublished(version, reader, owners));

    public override IReadOnlyList<string> TokensNamed(string body) => Unpublished(body) is { } location ? Visibility.TokensNamedBy(location) : [];

    /// <summary>
    /// Those of the change's own <c>publish_allowed_to</c>. A change without one leaves the stored list, which names
    /// nothing new: were the stored Location published, its list would be empty (a list with <c>publish</c> true is refused).
    /// </summary>
    public override IReadOnlyList<string> TokensNamedBy(CanonicalJson change) =>
        change.Text.Contains("\"publish_allowed_to\":[", StringComparison.Ordinal) && change.Node["publish_allowed_to"] is JsonArray allowed
            ? Visibility.TokensNamedBy(allowed.OfType<JsonObject>().Select(a => (Protocol.V230.PublishTokenType)Canonical.FromJson(a, typeof(Protocol.V230.PublishTokenType))))
            : [];

    /// <summary>The Location <paramref name="body"/> holds where it is unpublished, else null.</summary>
    private static Protocol.V230.Location? Unpublished(string body) =>
        Visibility.MayBeUnpublished(body) && Canonical.FromJson(body, typeof(Protocol.V230.Location)) is Protocol.V230.Location { Publish: false } location ? location : null;

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
