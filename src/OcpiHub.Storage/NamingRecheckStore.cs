using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

/// <summary>
/// A change of an object whose namers are to be checked again (<see cref="ObjectWrite.RecheckNaming"/>), kept until
/// the check has queued what it found: the object's address, as stored before the change (null: none), when it changed
/// and the correlation id of what brought it. <see cref="Seq"/> orders one object's changes as they were committed.
/// </summary>
public sealed record NamingRecheck(long Seq, PartyKey Owner, string Id, string? Before, DateTimeOffset ChangedAt, string CorrelationId);

/// <summary>
/// The checks of namers still to do, in <c>naming_rechecks</c> (migration 0039): written by <see cref="DataStore"/> in
/// the change's transaction, read by any node, removed once done. A check done twice (two nodes reading one at once)
/// sends again what it sent; one is removed only by the check that read it, after its work is queued, so none is lost.
/// </summary>
public sealed class NamingRecheckStore(HubDatabase database)
{
    /// <summary>
    /// The oldest <paramref name="limit"/> checks of changes of <paramref name="module"/> made before <paramref name="changedBefore"/>
    /// (null: any), in the order they were written.
    /// </summary>
    public async Task<IReadOnlyList<NamingRecheck>> PendingAsync(DataModule module, DateTimeOffset? changedBefore, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT seq, {Columns} FROM naming_rechecks WHERE module = @module AND changed_at < @before ORDER BY seq LIMIT @limit",
                new { module = module.ToString(), before = changedBefore?.ToUnixTimeMilliseconds() ?? long.MaxValue, limit },
                cancellationToken: cancellationToken)))
            .Select(r => new NamingRecheck(r.seq, DataStore.Party(r.owner), r.object_id, r.before_body, DateTimeOffset.FromUnixTimeMilliseconds(r.changed_at),
                r.correlation_id))];
    }

    /// <summary>Forgets the checks <paramref name="seqs"/>, done.</summary>
    public Task DoneAsync(IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) =>
        seqs.Count == 0
            ? Task.CompletedTask
            : database.ExecuteWriteAsync($"DELETE FROM naming_rechecks WHERE {database.In("seq", "@seqs")}", new { seqs = seqs.ToArray() }, cancellationToken);

    private const string Columns = "module, owner, object_key, object_id, before_body, changed_at, correlation_id";

    /// <summary>The insert of the checks of <paramref name="changed"/> (each as stored before: null, none), changed at <paramref name="at"/>, sent with the change's other statements.</summary>
    internal static ManyRows.Statement Insert(IEnumerable<(ObjectWrite Write, StoredObject? Before)> changed, long at) =>
        new($"INSERT INTO naming_rechecks ({Columns}) VALUES {{rows}}",
            "(@module, @owner, @object_key, @object_id, @before_body, @changed_at, @correlation_id)",
            [.. changed.Select(c => new Row(0, c.Write.Object.Module.ToString(), c.Write.Object.Owner.ToString(), StoredObject.KeyOf(c.Write.Object.Id),
                c.Write.Object.Id, c.Before?.Body, at, c.Write.CorrelationId))]);

    // In the order read: seq, then Columns (numbered by the database when written).
    private sealed record Row(long seq, string module, string owner, string object_key, string object_id, string? before_body, long changed_at,
        string correlation_id);
}
