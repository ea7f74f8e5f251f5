using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Sync;

/// <summary>
/// Which runs a schedule tick or an operator's request starts. One run per platform and module at a time; a module
/// that never had a successful run gets a full run whatever was asked, and a delta run starts where the last
/// successful run ended (a failed run moves nothing).
/// </summary>
public static class SyncPlanner
{
    /// <summary>
    /// The runs a tick starts: every module that every CONNECTED platform with <c>pull</c> on sends, except those
    /// with a run in progress, up to the tick's time.
    /// </summary>
    public static IReadOnlyList<PlannedSync> PlanTick(SyncTick tick, IEnumerable<Platform> platforms, IEnumerable<SyncHistory> history)
    {
        var histories = Index(history);
        return (
            from platform in platforms
            where platform.Status == PlatformStatus.Connected && platform.Settings.Pull
            from source in SyncSources.Of(platform)
            let past = histories.GetValueOrDefault((platform.Id, source.Module))
            where past?.InProgress is null
            select Plan(platform, source.Module, tick.Kind, tick.At, past)).ToList();
    }

    /// <summary>
    /// An operator's request to pull <paramref name="modules"/> (all the platform sends when none are named) of
    /// <paramref name="kind"/> now. The <c>pull</c> setting governs the schedule only: an operator may still pull
    /// by hand from a CONNECTED platform.
    /// </summary>
    public static ManualSyncPlan PlanManual(DateTimeOffset now, Platform platform, SyncKind kind, IReadOnlyCollection<DataModule>? modules,
        IEnumerable<SyncHistory> history)
    {
        if (platform.Status != PlatformStatus.Connected)
            return NotPulled($"platform {platform.Id} is {platform.Status.ToString().ToUpperInvariant()}: only a CONNECTED platform is pulled");
        var owned = SyncSources.Of(platform).Select(s => s.Module).ToList();
        if (owned.Count == 0)
            return NotPulled($"platform {platform.Id} sends none of {string.Join(", ", DataModules.All.Select(m => m.Identifier()))}");

        var histories = Index(history);
        var asked = modules is { Count: > 0 } ? modules.Distinct().ToList() : owned;
        var wanted = asked.Intersect(owned).Select(m => (Module: m, Past: histories.GetValueOrDefault((platform.Id, m)))).ToList();
        return new(
            wanted.Where(w => w.Past?.InProgress is null).Select(w => Plan(platform, w.Module, kind, now, w.Past)).ToList(),
            wanted.Where(w => w.Past?.InProgress is not null).Select(w => w.Module).ToList(),
            asked.Except(owned).ToList(),
            null);
    }

    private static ManualSyncPlan NotPulled(string reason) => new([], [], [], reason);

    private static PlannedSync Plan(Platform platform, DataModule module, SyncKind asked, DateTimeOffset dateTo, SyncHistory? past) =>
        asked == SyncKind.Delta && past?.LastSucceeded is { } last
            ? new(platform.Id, module, SyncKind.Delta, last.DateTo, dateTo, platform.Settings.PullLimit)
            : new(platform.Id, module, SyncKind.Full, null, dateTo, platform.Settings.PullLimit);

    private static Dictionary<(string PlatformId, DataModule Module), SyncHistory> Index(IEnumerable<SyncHistory> history) =>
        history.ToDictionary(h => (h.PlatformId, h.Module));
}
