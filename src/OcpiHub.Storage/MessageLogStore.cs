using Dapper;
using OcpiHub.Core.Messages;

namespace OcpiHub.Storage;

public sealed class MessageLogStore(HubDatabase database) : IMessageLog
{
    private const string Columns =
        "time, direction, platform_id, from_party, to_party, module, method, path, ocpi_status, http_status, latency_ms, request_id, correlation_id, translation_losses";

    public async Task AppendAsync(IReadOnlyCollection<MessageEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
            return;
        // On PostgreSQL a batch (the writer's at most 500 entries) is one statement, kept or refused whole without a
        // transaction around it: two round trips fewer per batch. SQLite writes in chunks, in one transaction.
        await database.WriteAsync((connection, transaction) => InsertAsync(connection, transaction, entries), cancellationToken);
    }

    /// <summary>Writes entries with one statement (<see cref="ManyRows"/>), in the caller's transaction if any.</summary>
    private static Task<int> InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, IEnumerable<MessageEntry> entries) =>
        ManyRows.ExecuteAsync(connection, transaction, Insert(entries));

    /// <summary>The insert of <paramref name="entries"/> as one statement, to be sent with others (a push logs its entry with its object and deliveries).</summary>
    internal static ManyRows.Statement Insert(IEnumerable<MessageEntry> entries) =>
        new($"INSERT INTO messages ({Columns}) VALUES {{rows}}",
            "(@time, @direction, @platform_id, @from_party, @to_party, @module, @method, @path, @ocpi_status, @http_status, @latency_ms, @request_id, @correlation_id, @translation_losses)",
            entries.Select(MessageRow.From).ToList());

    public async Task<IReadOnlyList<MessageEntry>> QueryAsync(MessageQuery query, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = List(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<MessageRow>(sql, parameters);
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>The statement that lists the entries <paramref name="query"/> asks for, newest first, and its parameters (for its plan too).</summary>
    public static (string Sql, object Parameters) List(MessageQuery query)
    {
        var conditions = new List<string>();
        if (query.CorrelationId is not null)
            conditions.Add("correlation_id = @correlationId");
        if (query.PlatformId is not null)
            conditions.Add("platform_id = @platformId");
        if (query.From is not null)
            conditions.Add("time >= @from");
        if (query.To is not null)
            conditions.Add("time <= @to");
        // seq numbers the entries as written: the order within one millisecond.
        const string newestFirst = "ORDER BY time DESC, seq DESC";
        string Where(params string[] more) => conditions.Concat(more).ToList() is { Count: > 0 } all ? "WHERE " + string.Join(" AND ", all) : "";
        // A party's entries are those it sent and those it was sent (each once): each side read newest first along its
        // index (migration 0036) for as many as the page reaches, then the two merged. One OR over both sides would
        // have each database read every entry of the party, or walk the whole log, before it could sort.
        var sql = query.Party is null
            ? $"SELECT {Columns} FROM messages {Where()} {newestFirst} LIMIT @limit OFFSET @offset"
            : $"""
                SELECT {Columns} FROM (
                    SELECT * FROM (SELECT seq, {Columns} FROM messages {Where("from_party = @party")} {newestFirst} LIMIT @reach) sent
                    UNION ALL
                    SELECT * FROM (SELECT seq, {Columns} FROM messages {Where("to_party = @party", "(from_party IS NULL OR from_party <> @party)")}
                        {newestFirst} LIMIT @reach) received) party
                {newestFirst} LIMIT @limit OFFSET @offset
                """;
        var limit = Math.Clamp(query.Limit, 1, MessageQuery.MaxLimit);
        var offset = Math.Max(query.Offset, 0);
        return (sql, new
        {
            correlationId = query.CorrelationId,
            platformId = query.PlatformId,
            from = query.From?.ToUnixTimeMilliseconds(),
            to = query.To?.ToUnixTimeMilliseconds(),
            party = query.Party,
            limit,
            offset,
            reach = (long)offset + limit,
        });
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("DELETE FROM messages WHERE seq IN (SELECT seq FROM messages WHERE time < @cutoff ORDER BY time LIMIT @batch)",
            new { cutoff = cutoff.ToUnixTimeMilliseconds(), batch }, cancellationToken);

    // Rows named as the columns (Dapper maps by name).
    private sealed record MessageRow(long time, string direction, string? platform_id, string? from_party, string? to_party,
        string? module, string method, string path, long? ocpi_status, long http_status, long latency_ms, string request_id, string correlation_id, string? translation_losses)
    {
        public static MessageRow From(MessageEntry e) => new(e.Time.ToUnixTimeMilliseconds(),
            e.Direction.ToString().ToUpperInvariant(), e.PlatformId, e.From, e.To, e.Module, e.Method, e.Path, e.OcpiStatus, e.HttpStatus,
            e.LatencyMs, e.RequestId, e.CorrelationId, e.TranslationLosses is { Count: > 0 } losses ? string.Join('\n', losses) : null);

        public MessageEntry ToEntry() => new(DateTimeOffset.FromUnixTimeMilliseconds(time), Enum.Parse<MessageDirection>(direction, ignoreCase: true),
            platform_id, from_party, to_party, module, method, path, (int?)ocpi_status, (int)http_status, (int)latency_ms, request_id, correlation_id,
            translation_losses?.Split('\n'));
    }
}
