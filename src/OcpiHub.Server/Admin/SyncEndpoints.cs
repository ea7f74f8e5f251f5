using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Sync;

namespace OcpiHub.Server.Admin;

/// <summary>A sync run as operators see it.</summary>
public sealed record SyncRunView(string Id, string PlatformId, string Module, string Kind, string Trigger, string Status,
    DateTimeOffset? DateFrom, DateTimeOffset DateTo, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    int Pages, int Objects, int Changed, int Unchanged, int Invalid, string? Error, string CorrelationId)
{
    public static SyncRunView Of(SyncRun r) => new(r.Id, r.PlatformId, r.Module.Identifier(), Upper(r.Kind), Upper(r.Trigger), Upper(r.Status),
        r.DateFrom, r.DateTo, r.StartedAt, r.FinishedAt, r.Pages, r.Objects, r.Changed, r.Unchanged, r.Invalid, r.Error, r.CorrelationId);

    public static string Upper<T>(T value) where T : Enum => value.ToString().ToUpperInvariant();
}

public sealed record SyncProblemView(string? ObjectId, string Problem);

public sealed record SyncRequest(string? PlatformId, string? Kind, List<string>? Modules);

/// <summary>Pulls for operators: start full or delta runs of a platform by hand, and see runs and their problems.</summary>
public static class SyncEndpoints
{
    public static void MapSyncs(this RouteGroupBuilder admin)
    {
        var syncs = admin.MapGroup("/syncs").WithTags("Syncs");
        syncs.MapPost("", async (HttpContext context, IPlatformStore platforms, ISyncRunStore runs, SyncRuns worker, TimeProvider clock) =>
        {
            var (body, error) = await AdminJson.ReadAsync<SyncRequest>(context);
            if (error is not null)
                return error;
            if (string.IsNullOrWhiteSpace(body!.PlatformId))
                return AdminJson.BadRequest("platform_id is required");
            if (!Enum.TryParse<SyncKind>(body.Kind ?? "", ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(body.Kind, out _))
                return AdminJson.BadRequest("kind must be FULL or DELTA");
            var modules = new List<DataModule>();
            foreach (var name in body.Modules ?? [])
            {
                if (ModuleNamed(name) is not { } module)
                    return AdminJson.BadRequest($"unknown module '{name}': expected {string.Join(", ", DataModules.All.Select(m => m.Identifier()))}");
                modules.Add(module);
            }
            if (await platforms.FindAsync(body.PlatformId, context.RequestAborted) is not { } platform)
                return AdminJson.Error(StatusCodes.Status404NotFound, $"no platform {body.PlatformId}");

            var plan = SyncPlanner.PlanManual(clock.GetUtcNow(), platform, kind, modules, await runs.HistoryAsync(context.RequestAborted));
            if (plan.NotPulled is { } notPulled)
                return AdminJson.Error(StatusCodes.Status409Conflict, notPulled);
            if (plan.NotOwned.Count > 0)
                return AdminJson.BadRequest($"platform {platform.Id} does not send {string.Join(", ", plan.NotOwned.Select(m => m.Identifier()))}");
            if (plan.InProgress.Count > 0)
                return AdminJson.Error(StatusCodes.Status409Conflict,
                    $"a run of {string.Join(", ", plan.InProgress.Select(m => m.Identifier()))} of platform {platform.Id} is already in progress");
            var queued = new List<SyncRun>();
            foreach (var planned in plan.Runs)
            {
                if (await runs.QueueAsync(planned, SyncTrigger.Manual, Guid.NewGuid().ToString(), context.RequestAborted) is { } run)
                    queued.Add(run);
            }
            if (queued.Count == 0)
                return AdminJson.Error(StatusCodes.Status409Conflict, $"a run of platform {platform.Id} is already in progress");
            worker.Wake();
            return AdminJson.Ok(queued.Select(SyncRunView.Of).ToList(), StatusCodes.Status202Accepted);
        });
        syncs.MapGet("", async (string? platform_id, string? module, string? status, int? limit, ISyncRunStore runs, CancellationToken cancellationToken) =>
        {
            DataModule? wantedModule = null;
            if (module is not null)
            {
                wantedModule = ModuleNamed(module);
                if (wantedModule is null)
                    return AdminJson.BadRequest($"unknown module '{module}'");
            }
            SyncStatus? wantedStatus = null;
            if (status is not null)
            {
                if (!Enum.TryParse<SyncStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                    return AdminJson.BadRequest("status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED");
                wantedStatus = parsed;
            }
            var listed = await runs.ListAsync(new SyncRunQuery(platform_id, wantedModule, wantedStatus,
                Math.Clamp(limit ?? SyncRunQuery.DefaultLimit, 1, SyncRunQuery.MaxLimit)), cancellationToken);
            return AdminJson.Ok(listed.Select(SyncRunView.Of).ToList());
        });
        syncs.MapGet("/{id}", async (string id, ISyncRunStore runs, CancellationToken cancellationToken) =>
            await runs.FindAsync(id, cancellationToken) is { } details
                ? AdminJson.Ok(new Dictionary<string, object?>(Fields(SyncRunView.Of(details.Run)))
                {
                    ["problems"] = details.Problems.Select(p => new SyncProblemView(p.ObjectId, p.Problem)).ToList(),
                })
                : AdminJson.Error(StatusCodes.Status404NotFound, $"no sync run {id}"));
    }

    private static DataModule? ModuleNamed(string name) => DataModules.All.Where(m => m.Identifier() == name).Cast<DataModule?>().FirstOrDefault();

    // The single run is the listed run plus its problems, flat.
    private static IEnumerable<KeyValuePair<string, object?>> Fields(SyncRunView view) =>
        System.Text.Json.JsonSerializer.SerializeToNode(view, AdminJson.Options)!.AsObject().Select(p => new KeyValuePair<string, object?>(p.Key, p.Value?.DeepClone()));
}
