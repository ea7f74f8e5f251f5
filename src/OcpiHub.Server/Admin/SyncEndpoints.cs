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

    /// <summary>The runs of the request, queued and started in the background (see <see cref="SyncStarter"/>).</summary>
    private static async Task<Results<Accepted<IReadOnlyList<SyncRunView>>, BadRequest<AdminError>, NotFound<AdminError>, Conflict<AdminError>>> StartAsync(
        HttpContext context, SyncStarter starter)
    {
        var (body, problem) = await AdminJson.ParseAsync<SyncRequest>(context);
        if (problem is not null)
            return BadRequest(problem);
        var start = await starter.StartAsync(body!, context.RequestAborted);
        return start.Refusal switch
        {
            SyncRefusal.BadRequest => BadRequest(start.Problem!),
            SyncRefusal.NotFound => TypedResults.NotFound(new AdminError(start.Problem!)),
            SyncRefusal.Conflict => Conflict(start.Problem!),
            _ => TypedResults.Accepted((string?)null, start.Runs),
        };
    }

    private static async Task<Results<Ok<List<SyncRunView>>, BadRequest<AdminError>>> ListAsync(string? platform_id, string? module, string? status, int? limit,
        ISyncRunStore runs, CancellationToken cancellationToken)
    {
        DataModule? wantedModule = null;
        if (module is not null)
        {
            wantedModule = SyncStarter.ModuleNamed(module);
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

    private static BadRequest<AdminError> BadRequest(string reason) => TypedResults.BadRequest(new AdminError(reason));

    private static Conflict<AdminError> Conflict(string reason) => TypedResults.Conflict(new AdminError(reason));

    private static NotFound<AdminError> NoSuchRun(string id) => TypedResults.NotFound(new AdminError($"no sync run {id}"));
}
