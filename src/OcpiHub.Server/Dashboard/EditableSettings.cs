using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Admin;

namespace OcpiHub.Server.Dashboard;

/// <summary>
/// A platform's switches as the settings form binds them; saved as the admin API's settings PATCH, so the dashboard
/// changes settings exactly as <c>PATCH /admin/platforms/{id}</c> does.
/// </summary>
public sealed class EditableSettings
{
    public bool OutboundTokenBase64 { get; set; }
    public bool TotalCountHeader { get; set; }
    public bool V211OwnerIdentityInUrls { get; set; }
    public bool V211RewriteOwnerNames { get; set; }
    public bool Push { get; set; }
    public bool Pull { get; set; }

    public static EditableSettings Of(PlatformSettings s) => new()
    {
        OutboundTokenBase64 = s.OutboundTokenBase64,
        TotalCountHeader = s.TotalCountHeader,
        V211OwnerIdentityInUrls = s.V211OwnerIdentityInUrls,
        V211RewriteOwnerNames = s.V211RewriteOwnerNames,
        Push = s.Push,
        Pull = s.Pull,
    };

    public JsonObject ToPatch(int pullLimit)
    {
        var patch = JsonSerializer.SerializeToNode(this, AdminJson.Options)!.AsObject();
        patch["pull_limit"] = pullLimit;
        return patch;
    }
}
