using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Sync;

namespace OcpiHub.Server.Admin;

/// <summary>Why runs could not be started: the admin API answers 400, 404 or 409.</summary>
public enum SyncRefusal
{
    BadRequest,
    NotFound,
    Conflict,
}

/// <summary>The runs queued, or why none were.</summary>
public sealed record SyncStart(IReadOnlyList<SyncRunView> Runs, SyncRefusal? Refusal = null, string? Problem = null)
{
    public static SyncStart Refused(SyncRefusal refusal, string problem) => new([], refusal, problem);
}

/// <summary>
/// Starting sync runs by hand, for the admin API and the dashboard alike. The platform's <c>pull</c> setting governs
/// the schedule only: an operator may pull by hand from any CONNECTED platform.
/// </summary>
public sealed class SyncStarter(IPlatformStore platforms, ISyncRunStore runs, SyncRuns worker, TimeProvider clock)
{
    public async Task<SyncStart> StartAsync(SyncRequest body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.PlatformId))
            return SyncStart.Refused(SyncRefusal.BadRequest, "platform_id is required");
        if (!Enum.TryParse<SyncKind>(body.Kind ?? "", ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(body.Kind, out _))
            return SyncStart.Refused(SyncRefusal.BadRequest, "kind must be FULL or DELTA");
        var modules = new List<DataModule>();
        foreach (var name in body.Modules ?? [])
        {
            if (ModuleNamed(name) is not { } module)
                return SyncStart.Refused(SyncRefusal.BadRequest, $"unknown module '{name}': expected {string.Join(", ", DataModules.All.Select(m => m.Identifier()))}");
            modules.Add(module);
        }
        if (await platforms.FindAsync(body.PlatformId, cancellationToken) is not { } platform)
            return SyncStart.Refused(SyncRefusal.NotFound, $"no platform {body.PlatformId}");

        var plan = SyncPlanner.PlanManual(clock.GetUtcNow(), platform, kind, modules, await runs.HistoryAsync(cancellationToken));
        if (plan.NotPulled is { } notPulled)
            return SyncStart.Refused(SyncRefusal.Conflict, notPulled);
        if (plan.NotOwned.Count > 0)
            return SyncStart.Refused(SyncRefusal.BadRequest, $"platform {platform.Id} does not send {string.Join(", ", plan.NotOwned.Select(m => m.Identifier()))}");
        if (plan.InProgress.Count > 0)
            return SyncStart.Refused(SyncRefusal.Conflict, $"a run of {string.Join(", ", plan.InProgress.Select(m => m.Identifier()))} of platform {platform.Id} is already in progress");
        var queued = new List<SyncRunView>();
        foreach (var planned in plan.Runs)
        {
            if (await runs.QueueAsync(planned, SyncTrigger.Manual, TraceIds.New(), cancellationToken) is { } run)
                queued.Add(SyncRunView.Of(run));
        }
        if (queued.Count == 0)
            return SyncStart.Refused(SyncRefusal.Conflict, $"a run of platform {platform.Id} is already in progress");
        worker.Wake();
        return new(queued);
    }

    public static DataModule? ModuleNamed(string name) => DataModules.All.Where(m => m.Identifier() == name).Cast<DataModule?>().FirstOrDefault();
}
