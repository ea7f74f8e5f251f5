using System.Data.Common;
using Dapper;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;

namespace OcpiHub.Storage;

public sealed class SyncRunStore(HubDatabase database, TimeProvider clock) : ISyncRunStore
{
    private const string Columns = "id, platform_id, module, kind, triggered_by, status, date_from, date_to, created_at, started_at, finished_at, "
                                   + "pages, objects, changed, unchanged, invalid, error, correlation_id, next_url";
    private const string InProgress = "status IN ('Queued', 'Running')";

    public async Task<SyncRun?> QueueAsync(PlannedSync planned, SyncTrigger trigger, string correlationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var row = SyncRunRow.From(new SyncRun
        {
            Id = Guid.CreateVersion7(now).ToString(), PlatformId = planned.PlatformId, Module = planned.Module, Kind = planned.Kind, Trigger = trigger,
            DateFrom = planned.DateFrom, DateTo = planned.DateTo, CreatedAt = now, CorrelationId = correlationId,
        });
        // The one-in-progress index refuses a second run of the platform and module; the refusal is the answer.
        var inserted = await database.ExecuteWriteAsync($"""
            INSERT INTO sync_runs ({Columns}) VALUES (@id, @platform_id, @module, @kind, @triggered_by, @status, @date_from, @date_to, @created_at,
                @started_at, @finished_at, @pages, @objects, @changed, @unchanged, @invalid, @error, @correlation_id, @next_url)
            ON CONFLICT DO NOTHING
            """, row, cancellationToken);
        // Read back from the row: the run as stored, its times in whole milliseconds.
        return inserted == 1 ? row.ToRun() : null;
    }

    public async Task<bool> ClaimAsync(string id, NodeLease lease, CancellationToken cancellationToken = default) =>
        // One statement checks and takes: of nodes claiming at once, one updates the row and the others find it held.
        await database.ExecuteWriteAsync($"""
            UPDATE sync_runs SET status = 'Running', started_at = COALESCE(started_at, @now), owner_node = @node, lease_until = @until
            WHERE id = @id AND {Claimable}
            """, new { id, now = Now(), node = lease.Node, until = lease.Until.ToUnixTimeMilliseconds() }, cancellationToken) == 1;

    private const string Claimable = $"{InProgress} AND (status = 'Queued' OR owner_node IS NULL OR owner_node = @node OR lease_until < @now)";

    public Task<IReadOnlyList<SyncRun>> ClaimableAsync(string node, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM sync_runs WHERE {Claimable} ORDER BY created_at, id", new { node, now = Now() }, cancellationToken);

    public async Task<bool> RenewAsync(string id, NodeLease lease, CancellationToken cancellationToken = default) =>
        await database.ExecuteWriteAsync($"UPDATE sync_runs SET lease_until = @until WHERE id = @id AND {HeldBy}",
            new { id, node = lease.Node, until = lease.Until.ToUnixTimeMilliseconds() }, cancellationToken) == 1;

    private const string HeldBy = "status = 'Running' AND owner_node = @node";

    public async Task<bool> RecordPageAsync(string id, SyncPage page, NodeLease lease, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await connection.ExecuteAsync($"""
            UPDATE sync_runs SET pages = pages + 1, objects = objects + @Objects, changed = changed + @Changed, unchanged = unchanged + @Unchanged,
                invalid = invalid + @Invalid, next_url = @NextUrl, lease_until = @until
            WHERE id = @id AND {HeldBy}
            """, new { id, page.Objects, page.Changed, page.Unchanged, page.Invalid, page.NextUrl, node = lease.Node, until = lease.Until.ToUnixTimeMilliseconds() },
            transaction);
        if (recorded == 0)
            return false;
        await InsertProblemsAsync(connection, transaction, id, page.Problems);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task AddProblemsAsync(string id, IReadOnlyCollection<SyncProblem> problems, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertProblemsAsync(connection, transaction, id, problems);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task InsertProblemsAsync(DbConnection connection, DbTransaction transaction, string id, IEnumerable<SyncProblem> problems) =>
        connection.ExecuteAsync("INSERT INTO sync_problems (run_id, object_id, problem) VALUES (@run_id, @object_id, @problem)",
            problems.Select(p => new { run_id = id, object_id = p.ObjectId, problem = p.Problem }), transaction);

    public async Task<bool> FinishAsync(string id, SyncStatus outcome, string? error = null, string? holder = null, CancellationToken cancellationToken = default)
    {
        if (outcome is SyncStatus.Queued or SyncStatus.Running)
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "a run finishes as SUCCEEDED, FAILED or CANCELLED");
        return await database.ExecuteWriteAsync(
            $"UPDATE sync_runs SET status = @status, error = @error, finished_at = @now, lease_until = NULL WHERE id = @id AND {(holder is null ? InProgress : HeldBy)}",
            new { id, status = outcome.ToString(), error, now = Now(), node = holder }, cancellationToken) == 1;
    }

    public async Task<SyncRunDetails?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SyncRunRow>($"SELECT {Columns} FROM sync_runs WHERE id = @id", new { id });
        if (row is null)
            return null;
        var problems = await connection.QueryAsync<(string? object_id, string problem)>(
            "SELECT object_id, problem FROM sync_problems WHERE run_id = @id ORDER BY seq LIMIT @max", new { id, max = SyncRunDetails.MaxProblems });
        return new(row.ToRun(), problems.Select(p => new SyncProblem(p.object_id, p.problem)).ToList());
    }

    public async Task<IReadOnlyList<SyncRun>> ListAsync(SyncRunQuery query, CancellationToken cancellationToken = default)
    {
        var conditions = new List<string>();
        if (query.PlatformId is not null)
            conditions.Add("platform_id = @platformId");
        if (query.Module is not null)
            conditions.Add("module = @module");
        if (query.Status is not null)
            conditions.Add("status = @status");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        // Ids are version 7 UUIDs: within one millisecond they still order roughly as queued.
        return await QueryAsync($"SELECT {Columns} FROM sync_runs {where} ORDER BY created_at DESC, id DESC LIMIT @limit", new
        {
            platformId = query.PlatformId,
            module = query.Module?.ToString(),
            status = query.Status?.ToString(),
            limit = Math.Clamp(query.Limit, 1, SyncRunQuery.MaxLimit),
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<SyncHistory>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        // The last successful run is the one that reached furthest; failed and cancelled runs move nothing.
        var succeeded = await QueryAsync($"""
            SELECT {Columns} FROM (
                SELECT {Columns}, ROW_NUMBER() OVER (PARTITION BY platform_id, module ORDER BY date_to DESC, created_at DESC) AS recency
                FROM sync_runs WHERE status = 'Succeeded') ranked
            WHERE recency = 1
            """, null, cancellationToken);
        var running = await InProgressAsync(cancellationToken);
        return succeeded.Concat(running)
            .GroupBy(r => (r.PlatformId, r.Module))
            .Select(g => new SyncHistory(g.Key.PlatformId, g.Key.Module,
                g.FirstOrDefault(r => r.Status == SyncStatus.Succeeded), g.FirstOrDefault(r => r.InProgress)))
            .ToList();
    }

    public Task<IReadOnlyList<SyncRun>> InProgressAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM sync_runs WHERE {InProgress} ORDER BY created_at, id", null, cancellationToken);

    private async Task<IReadOnlyList<SyncRun>> QueryAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SyncRunRow>(sql, parameters)).Select(r => r.ToRun()).ToList();
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    // Rows named as the columns (Dapper maps by name).
    private sealed record SyncRunRow(string id, string platform_id, string module, string kind, string triggered_by, string status,
        long? date_from, long date_to, long created_at, long? started_at, long? finished_at,
        long pages, long objects, long changed, long unchanged, long invalid, string? error, string correlation_id, string? next_url)
    {
        public static SyncRunRow From(SyncRun r) => new(r.Id, r.PlatformId, r.Module.ToString(), r.Kind.ToString(), r.Trigger.ToString(), r.Status.ToString(),
            r.DateFrom?.ToUnixTimeMilliseconds(), r.DateTo.ToUnixTimeMilliseconds(), r.CreatedAt.ToUnixTimeMilliseconds(),
            r.StartedAt?.ToUnixTimeMilliseconds(), r.FinishedAt?.ToUnixTimeMilliseconds(),
            r.Pages, r.Objects, r.Changed, r.Unchanged, r.Invalid, r.Error, r.CorrelationId, r.NextUrl);

        public SyncRun ToRun() => new()
        {
            Id = id, PlatformId = platform_id, Module = Enum.Parse<DataModule>(module), Kind = Enum.Parse<SyncKind>(kind),
            Trigger = Enum.Parse<SyncTrigger>(triggered_by), Status = Enum.Parse<SyncStatus>(status),
            DateFrom = Time(date_from), DateTo = DateTimeOffset.FromUnixTimeMilliseconds(date_to), CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(created_at),
            StartedAt = Time(started_at), FinishedAt = Time(finished_at),
            Pages = (int)pages, Objects = (int)objects, Changed = (int)changed, Unchanged = (int)unchanged, Invalid = (int)invalid,
            Error = error, CorrelationId = correlation_id, NextUrl = next_url,
        };

        private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
    }
}
