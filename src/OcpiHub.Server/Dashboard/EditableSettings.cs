using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Admin;

namespace OcpiHub.Server.Dashboard;

/// <summary>
/// A platform's settings as the settings form binds them; saved as the admin API's settings PATCH, so the dashboard
/// changes settings exactly as <c>PATCH /admin/platforms/{id}</c> does. The patch holds only what the operator changed
/// since the form was filled: a setting changed meanwhile elsewhere (another operator, the admin API) is kept.
/// </summary>
public sealed class EditableSettings
{
    public bool OutboundTokenBase64 { get; set; }
    public int PullLimit { get; set; }
    public bool TotalCountHeader { get; set; }
    public bool V211OwnerIdentityInUrls { get; set; }
    public bool V211RewriteOwnerNames { get; set; }
    public bool Push { get; set; }
    public bool Pull { get; set; }

    // The settings as the form was filled with them (a field, so not part of the patch).
    private JsonObject filled = new();

    public static EditableSettings Of(PlatformSettings s)
    {
        var settings = new EditableSettings
        {
            OutboundTokenBase64 = s.OutboundTokenBase64,
            PullLimit = s.PullLimit,
            TotalCountHeader = s.TotalCountHeader,
            V211OwnerIdentityInUrls = s.V211OwnerIdentityInUrls,
            V211RewriteOwnerNames = s.V211RewriteOwnerNames,
            Push = s.Push,
            Pull = s.Pull,
        };
        settings.filled = settings.AsJson();
        return settings;
    }

    /// <summary>The settings the operator changed, as the admin API names them.</summary>
    public JsonObject ToPatch()
    {
        var patch = AsJson();
        foreach (var unchanged in patch.Where(s => JsonNode.DeepEquals(s.Value, filled[s.Key])).Select(s => s.Key).ToList())
            patch.Remove(unchanged);
        return patch;
    }

    private JsonObject AsJson() => JsonSerializer.SerializeToNode(this, AdminJson.Options)!.AsObject();
}
