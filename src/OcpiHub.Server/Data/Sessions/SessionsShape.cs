using System.Text.Json.Nodes;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Sessions;

/// <summary>
/// Sessions: one id below the owner, PUT and PATCH, pages only with <c>date_from</c> (the spec requires it). A
/// PATCH's <c>charging_periods</c> are appended to the stored ones (2.2.1; 2.1.1 does not say, the hub applies
/// the same rule to every version).
/// </summary>
public sealed class SessionsShape : TokenChargedShape
{
    private const string Periods = "charging_periods";

    public override DataModule Module => DataModule.Sessions;

    public override bool PageNeedsDateFrom => true;

    public override Type ModelIn(int depth, OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => typeof(Protocol.V211.Session),
        OcpiVersion.V221 => typeof(Protocol.V221.Session),
        _ => typeof(Protocol.V230.Session),
    };

    public override MergeResult Apply(JsonObject? stored, IReadOnlyList<string> ids, bool patch, JsonObject change)
    {
        if (!patch || stored is null || change[Periods] is not JsonArray added)
            return base.Apply(stored, ids, patch, change);
        var rest = change.DeepClone().AsObject();
        rest[Periods] = Appended(stored[Periods], added);
        // The 2.1.1 periods as written (carried where they held FLAT, which later versions lack) grow the same way: the
        // stored list, or the canonical one where none was carried yet, then the change's own, or its canonical ones.
        var carriedKey = Carry.KeyOf(OcpiVersion.V211);
        var storedCarried = stored[carriedKey]?[Periods];
        var changeCarried = change[carriedKey]?[Periods];
        if (storedCarried is not null || changeCarried is not null)
        {
            var bag = rest[carriedKey] as JsonObject ?? new JsonObject();
            bag[Periods] = Appended(storedCarried ?? stored[Periods], changeCarried ?? added);
            rest[carriedKey] = bag;
        }
        return base.Apply(stored, ids, patch, rest);
    }

    private static JsonArray Appended(JsonNode? periods, JsonNode? added) =>
        new([.. (periods as JsonArray ?? []).Select(p => p?.DeepClone()), .. (added as JsonArray ?? []).Select(p => p?.DeepClone())]);

    /// <summary>
    /// A 2.1.1 receiver reads a PATCH's <c>charging_periods</c> as the whole list, not as periods to append; and where
    /// a Session is charged (2.2+: location, EVSE and connector ids) is in 2.1.1 an embedded Location a PATCH of an id
    /// alone cannot carry (a reservation's EVSE assigned at the start, say). Either way it gets the full Session.
    /// </summary>
    public override bool PatchNeedsFullState(OcpiVersion receiver, string change) =>
        receiver == OcpiVersion.V211 && JsonNode.Parse(change)!.AsObject() is var patch && FullStateFields.Any(patch.ContainsKey);

    private static readonly string[] FullStateFields = [Periods, "location_id", "evse_uid", "connector_id"];
}
