using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Admin;

/// <summary>
/// Platforms as operators are shown them, by the admin API and the dashboard alike: with the last-seen times as
/// stored, which the store's copy of the platforms in memory is not renewed for (see <c>CachingPlatformStore</c>).
/// </summary>
public static class PlatformViews
{
    public static async Task<List<PlatformView>> ViewAllAsync(this IPlatformStore store, CancellationToken cancellationToken)
    {
        var seen = await store.LastSeenAsync(cancellationToken);
        return (await store.AllAsync(cancellationToken)).Select(p => Seen(p, seen)).ToList();
    }

    public static async Task<PlatformView> ViewAsync(this IPlatformStore store, Platform platform, CancellationToken cancellationToken) =>
        Seen(platform, await store.LastSeenAsync(cancellationToken));

    private static PlatformView Seen(Platform platform, IReadOnlyDictionary<string, DateTimeOffset> lastSeen) =>
        PlatformView.Of(lastSeen.TryGetValue(platform.Id, out var seen) ? platform with { LastSeenAt = seen } : platform);
}
