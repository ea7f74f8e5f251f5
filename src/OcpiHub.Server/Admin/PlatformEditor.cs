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
        if (await store.FindAsync(id, cancellationToken) is not { } platform)
            return new(false, null, $"no platform {id}");
        var (changed, problem) = PlatformChanges.Apply(platform, body);
        if (changed is null)
            return new(true, null, problem);
        await store.SaveAsync(changed, cancellationToken);
        return new(true, changed, null);
    }
}
