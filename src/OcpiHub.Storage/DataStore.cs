using System.Data.Common;
using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

public sealed class DataStore(HubDatabase database, TimeProvider clock) : IDataStore
{
    private const string ObjectColumns = "module, owner, object_key, object_id, last_updated, body, token_owner, created_at";
    private const string DeliveryColumns = "seq, receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id, status, attempts, next_attempt_at, created_at, retry_window_from, last_error";

    public async Task<StoredObject?> FindAsync(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<ObjectRow>(
            $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND owner = @owner AND object_key = @id",
            new { module = module.ToString(), owner = owner.ToString(), id = StoredObject.KeyOf(id) }))?.ToObject();
    }

    public async Task<IReadOnlyList<StoredObject>> FindByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default)
    {
        if (owners.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ObjectRow>(
                $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND object_key = @id AND {database.In("owner", "@owners")}",
                new { module = module.ToString(), id = StoredObject.KeyOf(id), owners = owners.Select(o => o.ToString()).ToArray() }))
            .Select(r => r.ToObject()).ToList();
    }

    public async Task<IReadOnlyList<StoredObject>> FindByFieldAsync(DataModule module, string field, string value, CancellationToken cancellationToken = default)
    {
        // Module and field are written into the SQL so that a partial index on the expression applies; neither comes from a partner.
        if (!field.All(c => c is (>= 'a' and <= 'z') or '_'))
            throw new ArgumentException($"not a JSON field name: {field}", nameof(field));
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ObjectRow>(
                $"SELECT {ObjectColumns} FROM objects WHERE module = '{module}' AND UPPER({database.JsonText("body", field)}) = UPPER(@value)",
                new { value }))
            .Select(r => r.ToObject()).ToList();
    }

    public async Task<ObjectPage> PageAsync(ObjectQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Owners.Count == 0)
            return new([], false, query.CountTotal ? 0 : null);
        var where = $"module = @module AND {database.In("owner", "@owners")}"
                    + (query.TokenOwner is null ? "" : " AND token_owner = @tokenOwner")
                    + (query.From is null ? "" : " AND last_updated >= @from")
                    + (query.To is null ? "" : " AND last_updated < @to");
        var parameters = new
        {
            module = query.Module.ToString(),
            owners = query.Owners.Select(o => o.ToString()).ToArray(),
            tokenOwner = query.TokenOwner?.ToString(),
            from = query.From?.ToUnixTimeMilliseconds(),
            to = query.To?.ToUnixTimeMilliseconds(),
            offset = query.Offset,
            fetch = query.Limit + 1,
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        // One row more than the page tells whether a next page exists without counting the whole set.
        var rows = (await connection.QueryAsync<ObjectRow>(
            $"SELECT {ObjectColumns} FROM objects WHERE {where} ORDER BY created_at, owner, object_key LIMIT @fetch OFFSET @offset", parameters)).ToList();
        int? total = query.CountTotal ? await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM objects WHERE {where}", parameters) : null;
        return new(rows.Take(query.Limit).Select(r => r.ToObject()).ToList(), rows.Count > query.Limit, total);
    }

    public async Task SaveAsync(StoredObject stored, string fullStatePath, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default, Core.Messages.MessageEntry? logEntry = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync($"""
            INSERT INTO objects ({ObjectColumns}) VALUES (@module, @owner, @object_key, @object_id, @last_updated, @body, @token_owner, @created_at)
            ON CONFLICT (module, owner, object_key) DO UPDATE SET object_id = excluded.object_id, last_updated = excluded.last_updated, body = excluded.body,
                token_owner = excluded.token_owner
            """, ObjectRow.From(stored), transaction);
        foreach (var delivery in deliveries)
            await EnqueueAsync(connection, transaction, stored, delivery, correlationId, collapse ? fullStatePath : null);
        if (logEntry is not null)
            await MessageLogStore.InsertAsync(connection, transaction, [logEntry]);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task EnqueueAsync(StoredObject about, string fullStatePath, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var delivery in deliveries)
            await EnqueueAsync(connection, transaction, about, delivery, correlationId, collapse ? fullStatePath : null);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(StoredObject deleted, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default, Core.Messages.MessageEntry? logEntry = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM objects WHERE module = @module AND owner = @owner AND object_key = @object_key", ObjectRow.From(deleted), transaction);
        foreach (var delivery in deliveries)
            await EnqueueAsync(connection, transaction, deleted, delivery, correlationId, collapse ? "" : null);
        if (logEntry is not null)
            await MessageLogStore.InsertAsync(connection, transaction, [logEntry]);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Enqueues one delivery. When the receiver is failing this object (an earlier change waits after a failed
    /// attempt) and the module allows it (<paramref name="fullStatePath"/> given), the waiting changes are dropped
    /// and the object's latest full state is sent instead, a PUT at that path: a receiver that comes back gets one
    /// PUT, not its whole backlog. A DELETE replaces the backlog by itself.
    /// </summary>
    private async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, StoredObject stored, NewDelivery delivery, string correlationId,
        string? fullStatePath)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var key = new { receiver_platform = delivery.ReceiverPlatformId, receiver = delivery.Receiver.ToString(), module = stored.Module.ToString(), owner = stored.Owner.ToString(), object_key = StoredObject.KeyOf(stored.Id), now };
        var (method, path, payload) = (delivery.Method, delivery.Path, delivery.Payload);
        if (fullStatePath is not null)
        {
            // A backlog: the receiver has already failed a change of this object that still waits.
            const string sameObject = "receiver_platform = @receiver_platform AND receiver = @receiver AND module = @module AND owner = @owner AND object_key = @object_key AND status = 'Pending'";
            var backlog = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM deliveries WHERE {sameObject} AND attempts > 0", key, transaction) > 0;
            var dropped = backlog
                ? await connection.ExecuteAsync($"DELETE FROM deliveries WHERE {sameObject} AND (lease_until IS NULL OR lease_until < @now)", key, transaction)
                : 0;
            // A DELETE stands for itself: the dropped changes no longer matter.
            if (dropped > 0 && method != "DELETE")
                (method, path, payload) = ("PUT", fullStatePath, stored.Body);
        }
        await InsertDeliveryAsync(connection, transaction, stored.Module, stored.Owner, stored.Id, delivery with { Method = method, Path = path, Payload = payload },
            correlationId, now);
    }

    /// <summary>Queues one delivery about an object, due at once, in the caller's transaction (a command result's too).</summary>
    internal static Task InsertDeliveryAsync(DbConnection connection, DbTransaction transaction, DataModule module, PartyKey owner, string objectId,
        NewDelivery delivery, string correlationId, long now) =>
        connection.ExecuteAsync("""
            INSERT INTO deliveries (receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id,
                status, attempts, next_attempt_at, created_at)
            VALUES (@receiver_platform, @receiver, @sender, @module, @owner, @object_key, @method, @path, @payload, @correlation_id,
                'Pending', 0, @now, @now)
            """, new
        {
            receiver_platform = delivery.ReceiverPlatformId, receiver = delivery.Receiver.ToString(), sender = delivery.Sender.ToString(),
            module = module.ToString(), owner = owner.ToString(), object_key = StoredObject.KeyOf(objectId),
            method = delivery.Method, path = delivery.Path, payload = delivery.Payload, correlation_id = correlationId, now,
        }, transaction);

    public async Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string> busyReceivers,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var at = now.ToUnixTimeMilliseconds();
        var due = (await connection.QueryAsync<DeliveryRow>($"""
            SELECT {DeliveryColumns} FROM deliveries d
            WHERE d.status = 'Pending' AND d.next_attempt_at <= @at AND (d.lease_until IS NULL OR d.lease_until < @at)
              {(busyReceivers.Count == 0 ? "" : "AND " + database.NotIn("d.receiver_platform", "@busy"))}
              AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.status = 'Pending' AND e.receiver_platform = d.receiver_platform
                  AND e.receiver = d.receiver AND e.module = d.module AND e.owner = d.owner AND e.object_key = d.object_key AND e.seq < d.seq)
            ORDER BY d.seq LIMIT @max
            """, new { at, max, busy = busyReceivers.ToArray() }, transaction)).ToList();
        if (due.Count > 0)
        {
            await connection.ExecuteAsync($"UPDATE deliveries SET lease_until = @until WHERE {database.In("seq", "@seqs")}",
                new { until = (now + lease).ToUnixTimeMilliseconds(), seqs = due.Select(d => d.seq).ToArray() }, transaction);
        }
        await transaction.CommitAsync(cancellationToken);
        return due.Select(d => d.ToDelivery()).ToList();
    }

    public Task CompleteAsync(long seq, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE deliveries SET status = 'Done', lease_until = NULL, attempts = attempts + 1 WHERE seq = @seq", new { seq }, cancellationToken);

    public Task RescheduleAsync(long seq, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE deliveries SET lease_until = NULL, attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE seq = @seq",
            new { seq, next = nextAttempt.ToUnixTimeMilliseconds(), error }, cancellationToken);

    public Task GiveUpAsync(long seq, string error, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE deliveries SET status = 'Dead', lease_until = NULL, attempts = attempts + 1, last_error = @error WHERE seq = @seq",
            new { seq, error }, cancellationToken);

    public Task ExtendLeasesAsync(IReadOnlyCollection<long> seqs, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        UpdateAsync($"UPDATE deliveries SET lease_until = @until WHERE status = 'Pending' AND {database.In("seq", "@seqs")}",
            new { until = until.ToUnixTimeMilliseconds(), seqs = seqs.ToArray() }, cancellationToken);

    public Task ReleaseLeasesAsync(CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE deliveries SET lease_until = NULL WHERE status = 'Pending' AND lease_until IS NOT NULL", new { }, cancellationToken);

    public Task RewriteAsFullStateAsync(long seq, string path, string payload, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        UpdateAsync("UPDATE deliveries SET method = 'PUT', path = @path, payload = @payload, lease_until = NULL, attempts = attempts + 1, next_attempt_at = @at WHERE seq = @seq",
            new { seq, path, payload, at = now.ToUnixTimeMilliseconds() }, cancellationToken);

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus status, bool failedOnly, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DeliveryRow>(
                $"SELECT {DeliveryColumns} FROM deliveries WHERE status = @status{(failedOnly ? " AND attempts > 0" : "")} ORDER BY seq LIMIT @limit",
                new { status = status.ToString(), limit }))
            .Select(d => d.ToDelivery()).ToList();
    }

    public async Task<Delivery?> FindDeliveryAsync(long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<DeliveryRow>($"SELECT {DeliveryColumns} FROM deliveries WHERE seq = @seq", new { seq }))?.ToDelivery();
    }

    public async Task<bool> RetryAsync(long seq, string method, string path, string? payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            UPDATE deliveries SET status = 'Pending', method = @method, path = @path, payload = @payload, next_attempt_at = @at, retry_window_from = @at,
                lease_until = NULL
            WHERE seq = @seq AND status <> 'Done'
            """, new { seq, method, path, payload, at = now.ToUnixTimeMilliseconds() }) > 0;
    }

    private async Task UpdateAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(sql, parameters);
    }

    // Rows named as the columns (Dapper maps by name).
    private sealed record ObjectRow(string module, string owner, string object_key, string object_id, long last_updated, string body, string? token_owner, long created_at)
    {
        public static ObjectRow From(StoredObject o) => new(o.Module.ToString(), o.Owner.ToString(), StoredObject.KeyOf(o.Id), o.Id,
            o.LastUpdated.ToUnixTimeMilliseconds(), o.Body, o.TokenOwner?.ToString(), o.CreatedAt.ToUnixTimeMilliseconds());

        public StoredObject ToObject() => new(Enum.Parse<DataModule>(module), Party(owner), object_id,
            DateTimeOffset.FromUnixTimeMilliseconds(last_updated), body, token_owner is null ? null : Party(token_owner),
            DateTimeOffset.FromUnixTimeMilliseconds(created_at));
    }

    private sealed record DeliveryRow(long seq, string receiver_platform, string receiver, string sender, string module, string owner,
        string object_key, string method, string path, string? payload, string correlation_id, string status, long attempts,
        long next_attempt_at, long created_at, long? retry_window_from, string? last_error)
    {
        public Delivery ToDelivery() => new(seq, receiver_platform, Party(receiver), Party(sender), Enum.Parse<DataModule>(module),
            Party(owner), object_key, method, path, payload, correlation_id, Enum.Parse<DeliveryStatus>(status), (int)attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(next_attempt_at), DateTimeOffset.FromUnixTimeMilliseconds(created_at),
            DateTimeOffset.FromUnixTimeMilliseconds(retry_window_from ?? created_at), last_error);
    }

    internal static PartyKey Party(string key) => PartyKey.TryParse(key, out var party) ? party : throw new InvalidOperationException($"bad party key {key}");
}
