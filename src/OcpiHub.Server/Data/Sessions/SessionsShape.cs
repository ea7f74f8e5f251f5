using System.Text.Json.Nodes;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

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
        var periods = stored[Periods] as JsonArray ?? [];
        var appended = new JsonArray([.. periods.Select(p => p?.DeepClone()), .. added.Select(p => p?.DeepClone())]);
        var rest = change.DeepClone().AsObject();
        rest[Periods] = appended;
        return base.Apply(stored, ids, patch, rest);
    }

    /// <summary>
    /// A 2.1.1 receiver reads a PATCH's <c>charging_periods</c> as the whole list, not as periods to append: it gets
    /// the full Session instead.
    /// </summary>
    public override bool PatchNeedsFullState(OcpiVersion receiver, Func<JsonObject> change) =>
        receiver == OcpiVersion.V211 && change().ContainsKey(Periods);
}
