using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

/// <summary>
/// A change of an object whose namers are to be checked again (<see cref="ObjectWrite.NamingRecheck"/>), kept until
/// the check has queued what it found: the change it was written by, the object's address, as stored before the change (null: none), when it changed,
/// the correlation id of what brought it and how often its check failed.
/// </summary>
public sealed record NamingRecheck(long Seq, string ChangeKey, PartyKey Owner, string Id, string? Before, DateTimeOffset ChangedAt, string CorrelationId,
    int Attempts);

/// <summary>
/// The checks of namers still to do, in <c>naming_rechecks</c> (migration 0039): written by <see cref="DataStore"/> in
/// the change's transaction, read by the change's own run or any node's, removed once done, put off when failed. A
/// check done twice (two runs reading one at once) sends again what it sent; one is removed only by a run that read it,
/// after its work is queued, so none is lost.
/// </summary>
public sealed class NamingRecheckStore(HubDatabase database)
{
    /// <summary>The checks written by the change <paramref name="changeKey"/> (<see cref="ObjectWrite.NamingRecheck"/>).</summary>
    public Task<IReadOnlyList<NamingRecheck>> OfChangeAsync(string changeKey, CancellationToken cancellationToken = default) =>
        ReadAsync("change_key = @changeKey ORDER BY seq", new { changeKey }, cancellationToken);

    /// <summary>
    /// The <paramref name="limit"/> checks of changes of <paramref name="module"/> due by <paramref name="now"/> and made
    /// before <paramref name="changedBefore"/>, soonest due first.
    /// </summary>
    public Task<IReadOnlyList<NamingRecheck>> DueAsync(DataModule module, DateTimeOffset now, DateTimeOffset changedBefore, int limit,
        CancellationToken cancellationToken = default) =>
        ReadAsync("module = @module AND next_attempt_at <= @now AND changed_at < @changedBefore ORDER BY next_attempt_at, seq LIMIT @limit",
            new { module = module.ToString(), now = now.ToUnixTimeMilliseconds(), changedBefore = changedBefore.ToUnixTimeMilliseconds(), limit },
            cancellationToken);

    /// <summary>Forgets the checks <paramref name="seqs"/>, done.</summary>
    public Task DoneAsync(IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync($"DELETE FROM naming_rechecks WHERE {database.In("seq", "@seqs")}", new { seqs = seqs.ToArray() }, cancellationToken);

    /// <summary>Puts the checks <paramref name="seqs"/>, failed, off until <paramref name="nextAttemptAt"/>, counting <paramref name="attempts"/> failures.</summary>
    public Task FailedAsync(IReadOnlyCollection<long> seqs, int attempts, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync($"UPDATE naming_rechecks SET attempts = @attempts, next_attempt_at = @next WHERE {database.In("seq", "@seqs")}",
            new { seqs = seqs.ToArray(), attempts, next = nextAttemptAt.ToUnixTimeMilliseconds() }, cancellationToken);

    private async Task<IReadOnlyList<NamingRecheck>> ReadAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT seq, change_key, module, owner, object_id, before_body, changed_at, correlation_id, attempts FROM naming_rechecks WHERE {where}",
                parameters, cancellationToken: cancellationToken)))
            .Select(r => new NamingRecheck(r.seq, r.change_key, DataStore.Party(r.owner), r.object_id, r.before_body, DateTimeOffset.FromUnixTimeMilliseconds(r.changed_at),
                r.correlation_id, (int)r.attempts))];
    }

    /// <summary>
    /// The insert of the checks of <paramref name="changed"/> (each as stored before: null, none), changed at <paramref name="at"/>
    /// and due then, sent with the change's other statements.
    /// </summary>
    internal static ManyRows.Statement Insert(IEnumerable<(ObjectWrite Write, StoredObject? Before)> changed, long at) =>
        new("INSERT INTO naming_rechecks (module, owner, object_id, before_body, changed_at, correlation_id, change_key, next_attempt_at) VALUES {rows}",
            "(@module, @owner, @object_id, @before_body, @changed_at, @correlation_id, @change_key, @next_attempt_at)",
            [.. changed.Select(c => new InsertRow(c.Write.Object.Module.ToString(), c.Write.Object.Owner.ToString(), c.Write.Object.Id, c.Before?.Body, at,
                c.Write.CorrelationId, c.Write.NamingRecheck!, at))]);

    private sealed record InsertRow(string module, string owner, string object_id, string? before_body, long changed_at, string correlation_id,
        string change_key, long next_attempt_at);

    private sealed record Row(long seq, string change_key, string module, string owner, string object_id, string? before_body, long changed_at, string correlation_id,
        long attempts);
}
