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
        var conditions = new List<string>();
        if (query.CorrelationId is not null)
            conditions.Add("correlation_id = @correlationId");
        if (query.PlatformId is not null)
            conditions.Add("platform_id = @platformId");
        if (query.From is not null)
            conditions.Add("time >= @from");
        if (query.To is not null)
            conditions.Add("time <= @to");
        // Read along the time (or platform and time) index: the first entries of the party found end the search.
        if (query.Party is not null)
            conditions.Add("(from_party = @party OR to_party = @party)");
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);

        await using var connection = await database.OpenAsync(cancellationToken);
        // seq numbers the entries as written: the order within one millisecond.
        var rows = await connection.QueryAsync<MessageRow>(
            $"SELECT {Columns} FROM messages {where} ORDER BY time DESC, seq DESC LIMIT @limit OFFSET @offset",
            new
            {
                correlationId = query.CorrelationId,
                platformId = query.PlatformId,
                from = query.From?.ToUnixTimeMilliseconds(),
                to = query.To?.ToUnixTimeMilliseconds(),
                party = query.Party,
                limit = Math.Clamp(query.Limit, 1, MessageQuery.MaxLimit),
                offset = Math.Max(query.Offset, 0),
            });
        return rows.Select(r => r.ToEntry()).ToList();
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("DELETE FROM messages WHERE time < @cutoff", new { cutoff = cutoff.ToUnixTimeMilliseconds() }, cancellationToken);

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
