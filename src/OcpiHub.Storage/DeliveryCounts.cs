using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// One receiver's deliveries that are not done: waiting (<see cref="Pending"/>), of which <see cref="Failed"/> failed
/// at least once and wait for their next attempt, and given up (<see cref="Dead"/>).
/// </summary>
public sealed record ReceiverDeliveryCounts(string Receiver, long Pending, long Failed, long Dead);

/// <summary>
/// The delivery backlog per receiver, for the metrics and the readiness check: grouped counts of pending, failed and
/// dead deliveries, three statements in one round trip, each planned alone. SQLite reads each from its partial index
/// and never a row: counting the failed among the pending in the same pass read every pending row for its attempts,
/// half a second a count behind a backlog of 100,000. PostgreSQL scans a large backlog's table in parallel, which it
/// did not do for the same counts joined by UNION ALL.
/// </summary>
public sealed class DeliveryCounts(HubDatabase database)
{
    public async Task<IReadOnlyList<ReceiverDeliveryCounts>> PerReceiverAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT receiver_platform, COUNT(*) FROM deliveries WHERE status = 'Pending' GROUP BY receiver_platform;
            SELECT receiver_platform, COUNT(*) FROM deliveries WHERE status = 'Pending' AND attempts > 0 GROUP BY receiver_platform;
            SELECT receiver_platform, COUNT(*) FROM deliveries WHERE status = 'Dead' AND ended_at IS NOT NULL GROUP BY receiver_platform;
            """, cancellationToken: cancellationToken));
        var (pending, failed, dead) = (await ByReceiverAsync(results), await ByReceiverAsync(results), await ByReceiverAsync(results));
        return pending.Keys.Union(dead.Keys)
            .Select(receiver => new ReceiverDeliveryCounts(receiver, pending.GetValueOrDefault(receiver), failed.GetValueOrDefault(receiver),
                dead.GetValueOrDefault(receiver)))
            .ToList();
    }

    private static async Task<Dictionary<string, long>> ByReceiverAsync(SqlMapper.GridReader results) =>
        (await results.ReadAsync<(string Receiver, long Count)>()).ToDictionary(c => c.Receiver, c => c.Count);
}
