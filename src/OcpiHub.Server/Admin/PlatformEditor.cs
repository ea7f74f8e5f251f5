using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Admin;

/// <summary>The platform as changed, or why not (<c>Found</c> false: no such platform).</summary>
public sealed record PlatformEdit(bool Found, Platform? Changed, string? Problem);

/// <summary>An operator's change of a platform's name or settings, for the admin API's PATCH and the dashboard alike.</summary>
public sealed class PlatformEditor(IPlatformStore store)
{
    public async Task<PlatformEdit> EditAsync(string id, JsonObject body, CancellationToken cancellationToken)
    {
        // Applied to the platform as stored, so nothing that changed it since the operator looked is undone.
        string? problem = null;
        var change = await store.UpdateAsync(id, stored =>
        {
            (var changed, problem) = PlatformChanges.Apply(stored, body);
            return changed;
        }, cancellationToken);
        return change is { After: var changed } ? new(true, changed, null)
            : problem is not null ? new(true, null, problem)
            : new(false, null, $"no platform {id}");
    }
}
