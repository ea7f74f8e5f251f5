using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Sync;

namespace OcpiHub.Server.Admin;

/// <summary>Pulls for operators: start full or delta runs of a platform by hand, see runs and their problems, cancel one.</summary>
public static class SyncEndpoints
{
    public static void MapSyncs(this RouteGroupBuilder admin)
    {
        var syncs = admin.MapGroup("/syncs").WithTags("Syncs");
        syncs.MapPost("", StartAsync).Accepts<SyncRequest>("application/json");
        syncs.MapGet("", ListAsync);
        syncs.MapGet("/{id}", async Task<Results<Ok<SyncRunDetailsView>, NotFound<AdminError>>> (string id, ISyncRunStore runs, CancellationToken cancellationToken) =>
            await runs.FindAsync(id, cancellationToken) is { } details
                ? TypedResults.Ok(new SyncRunDetailsView(details))
                : NoSuchRun(id));
        syncs.MapPost("/{id}/cancel", CancelAsync);
    }

    /// <summary>
    /// The runs of the request, queued and started in the background. The platform's <c>pull</c> setting governs
    /// the schedule only: an operator may pull by hand from any CONNECTED platform.
    /// </summary>
    private static async Task<Results<Accepted<List<SyncRunView>>, BadRequest<AdminError>, NotFound<AdminError>, Conflict<AdminError>>> StartAsync(
        HttpContext context, IPlatformStore platforms, ISyncRunStore runs, SyncRuns worker, TimeProvider clock)
    {
        var (body, problem) = await AdminJson.ParseAsync<SyncRequest>(context);
        if (problem is not null)
            return BadRequest(problem);
        if (string.IsNullOrWhiteSpace(body!.PlatformId))
            return BadRequest("platform_id is required");
        if (!Enum.TryParse<SyncKind>(body.Kind ?? "", ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(body.Kind, out _))
            return BadRequest("kind must be FULL or DELTA");
        var modules = new List<DataModule>();
        foreach (var name in body.Modules ?? [])
        {
            if (ModuleNamed(name) is not { } module)
                return BadRequest($"unknown module '{name}': expected {string.Join(", ", DataModules.All.Select(m => m.Identifier()))}");
            modules.Add(module);
        }
        if (await platforms.FindAsync(body.PlatformId, context.RequestAborted) is not { } platform)
            return TypedResults.NotFound(new AdminError($"no platform {body.PlatformId}"));

        var plan = SyncPlanner.PlanManual(clock.GetUtcNow(), platform, kind, modules, await runs.HistoryAsync(context.RequestAborted));
        if (plan.NotPulled is { } notPulled)
            return Conflict(notPulled);
        if (plan.NotOwned.Count > 0)
            return BadRequest($"platform {platform.Id} does not send {string.Join(", ", plan.NotOwned.Select(m => m.Identifier()))}");
        if (plan.InProgress.Count > 0)
            return Conflict($"a run of {string.Join(", ", plan.InProgress.Select(m => m.Identifier()))} of platform {platform.Id} is already in progress");
        var queued = new List<SyncRun>();
        foreach (var planned in plan.Runs)
        {
            if (await runs.QueueAsync(planned, SyncTrigger.Manual, Guid.NewGuid().ToString(), context.RequestAborted) is { } run)
                queued.Add(run);
        }
        if (queued.Count == 0)
            return Conflict($"a run of platform {platform.Id} is already in progress");
        worker.Wake();
        return TypedResults.Accepted((string?)null, queued.Select(SyncRunView.Of).ToList());
    }

    private static async Task<Results<Ok<List<SyncRunView>>, BadRequest<AdminError>>> ListAsync(string? platform_id, string? module, string? status, int? limit,
        ISyncRunStore runs, CancellationToken cancellationToken)
    {
        DataModule? wantedModule = null;
        if (module is not null)
        {
            wantedModule = ModuleNamed(module);
            if (wantedModule is null)
                return BadRequest($"unknown module '{module}'");
        }
        SyncStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!Enum.TryParse<SyncStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return BadRequest("status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED");
            wantedStatus = parsed;
        }
        var listed = await runs.ListAsync(new SyncRunQuery(platform_id, wantedModule, wantedStatus,
            Math.Clamp(limit ?? SyncRunQuery.DefaultLimit, 1, SyncRunQuery.MaxLimit)), cancellationToken);
        return TypedResults.Ok(listed.Select(SyncRunView.Of).ToList());
    }

    /// <summary>
    /// A queued run ends CANCELLED at once (200). A running run is stopped (202, the run as it is): its page request
    /// in flight is abandoned and it ends CANCELLED with what the pages before stored. An ended run is a 409.
    /// </summary>
    private static async Task<Results<Ok<SyncRunView>, Accepted<SyncRunView>, NotFound<AdminError>, Conflict<AdminError>>> CancelAsync(string id,
        ISyncRunStore runs, SyncRuns worker, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is not { Run: var run })
            return NoSuchRun(id);
        if (worker.Cancel(id))
            return TypedResults.Accepted((string?)null, SyncRunView.Of(run));
        // Not in this hub's hands (queued, or left running by another node): ended in the store, a runner still at
        // it stops at its next page.
        if (await runs.FinishAsync(id, SyncStatus.Cancelled, cancellationToken: cancellationToken))
            return TypedResults.Ok(SyncRunView.Of((await runs.FindAsync(id, cancellationToken))!.Run));
        var ended = (await runs.FindAsync(id, cancellationToken))!.Run;
        return Conflict($"sync run {id} has already ended: {SyncRunView.Upper(ended.Status)}");
    }

    private static DataModule? ModuleNamed(string name) => DataModules.All.Where(m => m.Identifier() == name).Cast<DataModule?>().FirstOrDefault();

    private static BadRequest<AdminError> BadRequest(string reason) => TypedResults.BadRequest(new AdminError(reason));

    private static Conflict<AdminError> Conflict(string reason) => TypedResults.Conflict(new AdminError(reason));

    private static NotFound<AdminError> NoSuchRun(string id) => TypedResults.NotFound(new AdminError($"no sync run {id}"));
}
