using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// One receiver's deliveries that are not done: waiting (<see cref="Pending"/>), of which <see cref="Failed"/> failed
/// at least once and wait for their next attempt, and given up (<see cref="Dead"/>).
/// </summary>
public sealed record ReceiverDeliveryCounts(string Receiver, long Pending, long Failed, long Dead);

/// <summary>
/// The delivery backlog per receiver, for the metrics and the readiness check: grouped counts of pending, failing and
/// dead deliveries, each read from its own partial index alone. Counted together, the failing among the pending needed
/// each pending row's attempts, read from the table: half a second a scrape behind a backlog of 100,000.
/// </summary>
public sealed class DeliveryCounts(HubDatabase database)
{
    public async Task<IReadOnlyList<ReceiverDeliveryCounts>> PerReceiverAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Receiver, string Kind, long Count)>(new CommandDefinition(
            """
            SELECT receiver_platform, 'Pending', COUNT(*) FROM deliveries WHERE status = 'Pending' GROUP BY receiver_platform
            UNION ALL
            SELECT receiver_platform, 'Failed', COUNT(*) FROM deliveries WHERE status = 'Pending' AND attempts > 0 GROUP BY receiver_platform
            UNION ALL
            SELECT receiver_platform, 'Dead', COUNT(*) FROM deliveries WHERE status = 'Dead' AND ended_at IS NOT NULL GROUP BY receiver_platform
            """, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Receiver)
            .Select(g => new ReceiverDeliveryCounts(g.Key, Of(g, "Pending"), Of(g, "Failed"), Of(g, "Dead")))
            .ToList();
    }

    private static long Of(IEnumerable<(string Receiver, string Kind, long Count)> counts, string kind) =>
        counts.Where(c => c.Kind == kind).Sum(c => c.Count);
}
