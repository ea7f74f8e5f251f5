using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Sync;

namespace OcpiHub.Server.Admin;

/// <summary><c>/admin/syncs</c>: pulls for operators: start full or delta runs of a platform by hand, see runs and their problems, cancel one.</summary>
public static class SyncsApi
{
    public static RouteGroupBuilder MapSyncsApi(this RouteGroupBuilder admin)
    {
        var syncs = admin.MapGroup("/syncs").WithTags("Syncs");
        syncs.MapPost("", StartAsync)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        syncs.MapGet("", ListAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest);
        syncs.MapGet("/{id}", async Task<Results<Ok<SyncRunDetailsView>, AdminProblem>> (string id, ISyncRunStore runs, CancellationToken cancellationToken) =>
            await runs.FindAsync(id, cancellationToken) is { } details
                ? TypedResults.Ok(new SyncRunDetailsView(details))
                : NoSuchRun(id))
            .ProducesAdminProblems(StatusCodes.Status404NotFound);
        syncs.MapPost("/{id}/cancel", CancelAsync).ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return admin;
    }

    /// <summary>The runs of the request, queued and started in the background (see <see cref="SyncStarter"/>).</summary>
    private static async Task<Results<Accepted<IReadOnlyList<SyncRunView>>, AdminProblem>> StartAsync(AdminBody<SyncRequest> request,
        SyncStarter starter, CancellationToken cancellationToken)
    {
        if (request.Value is not { } body)
            return request.Problem!;
        var start = await starter.StartAsync(body, cancellationToken);
        return start.Refusal switch
        {
            SyncRefusal.BadRequest => AdminProblem.BadRequest(start.Problem!),
            SyncRefusal.NotFound => AdminProblem.NotFound(start.Problem!),
            SyncRefusal.Conflict => AdminProblem.Conflict(start.Problem!),
            _ => TypedResults.Accepted((string?)null, start.Runs),
        };
    }

    private static async Task<Results<Ok<List<SyncRunView>>, AdminProblem>> ListAsync(string? platform_id, string? module, string? status, string? limit,
        ISyncRunStore runs, CancellationToken cancellationToken)
    {
        if (AdminQuery.Limit(limit, SyncRunQuery.DefaultLimit, SyncRunQuery.MaxLimit) is not { } wantedLimit)
            return AdminQuery.BadLimit(SyncRunQuery.MaxLimit);
        DataModule? wantedModule = null;
        if (module is not null)
        {
            wantedModule = SyncStarter.ModuleNamed(module);
            if (wantedModule is null)
                return AdminProblem.BadRequest($"unknown module '{module}'");
        }
        SyncStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!Enum.TryParse<SyncStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return AdminProblem.BadRequest("status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED");
            wantedStatus = parsed;
        }
        var listed = await runs.ListAsync(new SyncRunQuery(platform_id, wantedModule, wantedStatus, wantedLimit), cancellationToken);
        return TypedResults.Ok(listed.Select(SyncRunView.Of).ToList());
    }

    /// <summary>
    /// A queued run ends CANCELLED at once (200). A running run is stopped (202, the run as it is): its page request
    /// in flight is abandoned and it ends CANCELLED with what the pages before stored. An ended run is a 409.
    /// </summary>
    private static async Task<Results<Ok<SyncRunView>, Accepted<SyncRunView>, AdminProblem>> CancelAsync(string id,
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
        return AdminProblem.Conflict($"sync run {id} has already ended: {SyncRunView.Upper(ended.Status)}");
    }

    private static AdminProblem NoSuchRun(string id) => AdminProblem.NotFound($"no sync run {id}");
}
