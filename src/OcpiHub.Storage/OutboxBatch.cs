using System.Data.Common;
using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

/// <summary>
/// The deliveries one transaction queues, inserted together at its end with one command (prepared once, not per
/// row), in the order they were queued. Collapsing (see <see cref="AddAsync"/>) is decided from which receivers were
/// failing the batch's objects when the batch began, read once for the batch.
/// </summary>
internal sealed class OutboxBatch
{
    private readonly IReadOnlySet<FailingObject> failing;
    private readonly long now;
    private readonly List<object> rows = [];
    private readonly List<FailingObject> keys = [];

    private OutboxBatch(IReadOnlySet<FailingObject> failing, long now) => (this.failing, this.now) = (failing, now);

    /// <summary>A batch about <paramref name="objects"/>; with <paramref name="collapse"/> false, nothing is ever collapsed.</summary>
    public static async Task<OutboxBatch> StartAsync(HubDatabase database, DbConnection connection, DbTransaction transaction,
        IEnumerable<(string Module, string Owner, string Key)> objects, bool collapse, long now) =>
        new OutboxBatch(collapse ? await FailingAsync(database, connection, transaction, objects) : new HashSet<FailingObject>(), now);

    /// <summary>A batch that collapses by <paramref name="failing"/>, read by the caller with <see cref="FailingSql"/>.</summary>
    public static OutboxBatch Collapsing(IReadOnlySet<FailingObject> failing, long now) => new(failing, now);

    /// <summary>
    /// Queues one delivery. When the receiver is failing this object (an earlier change waits after a failed attempt)
    /// and the module allows it (<paramref name="fullStatePath"/> given), the waiting changes are dropped, those queued
    /// earlier in this batch too, and the object's latest full state is sent instead, a PUT at that path: a receiver
    /// that comes back gets one PUT, not its whole backlog. A DELETE replaces the backlog by itself.
    /// </summary>
    public async Task AddAsync(DbConnection connection, DbTransaction transaction, StoredObject stored, NewDelivery delivery, string correlationId,
        string? fullStatePath)
    {
        var (method, path, payload) = (delivery.Method, delivery.Path, delivery.Payload);
        var key = new FailingObject(delivery.ReceiverPlatformId, delivery.Receiver.ToString(), stored.Module.ToString(), stored.Owner.ToString(),
            StoredObject.KeyOf(stored.Id));
        if (fullStatePath is not null && failing.Contains(key))
        {
            var dropped = await connection.ExecuteAsync("""
                DELETE FROM deliveries WHERE receiver_platform = @ReceiverPlatform AND receiver = @Receiver AND module = @Module AND owner = @Owner
                    AND object_key = @ObjectKey AND status = 'Pending' AND (lease_until IS NULL OR lease_until < @now)
                """, new { key.ReceiverPlatform, key.Receiver, key.Module, key.Owner, key.ObjectKey, now }, transaction);
            for (var i = keys.Count - 1; i >= 0; i--)
            {
                if (keys[i] != key)
                    continue;
                keys.RemoveAt(i);
                rows.RemoveAt(i);
                dropped++;
            }
            // A DELETE stands for itself: the dropped changes no longer matter.
            if (dropped > 0 && method != "DELETE")
                (method, path, payload) = ("PUT", fullStatePath, stored.Body);
        }
        keys.Add(key);
        rows.Add(Row(stored.Module, stored.Owner, stored.Id, delivery with { Method = method, Path = path, Payload = payload }, correlationId, now));
    }

    /// <summary>How many deliveries the batch inserts.</summary>
    public int Count => rows.Count;

    /// <summary>The insert of the batch's deliveries, however many receivers, as one statement (<see cref="ManyRows"/>).</summary>
    public ManyRows.Statement Insert => new(InsertSql, RowSql, rows);

    /// <summary>Queues one delivery about an object, due at once, in the caller's transaction (a command result's too).</summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, DataModule module, PartyKey owner, string objectId,
        NewDelivery delivery, string correlationId, long now) =>
        ManyRows.ExecuteAsync(connection, transaction, new ManyRows.Statement(InsertSql, RowSql, [Row(module, owner, objectId, delivery, correlationId, now)]));

    private const string InsertSql = """
        INSERT INTO deliveries (receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id,
            status, attempts, next_attempt_at, created_at)
        VALUES {rows}
        """;

    private const string RowSql =
        "(@receiver_platform, @receiver, @sender, @module, @owner, @object_key, @method, @path, @payload, @correlation_id, 'Pending', 0, @now, @now)";

    private static object Row(DataModule module, PartyKey owner, string objectId, NewDelivery delivery, string correlationId, long now) => new
    {
        receiver_platform = delivery.ReceiverPlatformId, receiver = delivery.Receiver.ToString(), sender = delivery.Sender.ToString(),
        module = module.ToString(), owner = owner.ToString(), object_key = StoredObject.KeyOf(objectId),
        method = delivery.Method, path = delivery.Path, payload = delivery.Payload, correlation_id = correlationId, now,
    };

    /// <summary>A receiver's object that has a change waiting after a failed attempt.</summary>
    public sealed record FailingObject(string ReceiverPlatform, string Receiver, string Module, string Owner, string ObjectKey);

    /// <summary>
    /// Which receivers are failing which of <paramref name="objects"/>, read on the small index of failed pending
    /// deliveries (<c>deliveries_failing</c>): a cost per object that does not grow with the backlog of a receiver that
    /// is merely slow. No delivery fails inside the batch's transaction on SQLite, which holds the write lock; on
    /// PostgreSQL a change failing meanwhile gets the batch's change queued behind it, in order, just not collapsed.
    /// </summary>
    private static async Task<IReadOnlySet<FailingObject>> FailingAsync(HubDatabase database, DbConnection connection, DbTransaction transaction,
        IEnumerable<(string Module, string Owner, string Key)> objects)
    {
        var failing = new HashSet<FailingObject>();
        foreach (var group in objects.Distinct().GroupBy(a => (a.Module, a.Owner)))
        {
            failing.UnionWith(await connection.QueryAsync<FailingObject>(FailingSql(database),
                new { module = group.Key.Module, owner = group.Key.Owner, keys = database.Many(group.Select(a => a.Key)) }, transaction));
        }
        return failing;
    }

    /// <summary>
    /// The query of <see cref="FailingObject"/>s of one owner's objects, given <c>@module</c>, <c>@owner</c> and <c>@keys</c>
    /// (<see cref="HubDatabase.Many{T}"/>: a pulled page's thousand keys are one parameter, not a thousand looked up by name).
    /// </summary>
    public static string FailingSql(HubDatabase database) => $"""
        SELECT DISTINCT receiver_platform AS ReceiverPlatform, receiver AS Receiver, module AS Module, owner AS Owner, object_key AS ObjectKey
        FROM deliveries
        WHERE status = 'Pending' AND attempts > 0 AND module = @module AND owner = @owner AND {database.InMany("object_key", "@keys")}
        """;
}
