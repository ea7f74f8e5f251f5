using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// One receiver's deliveries that are not done: waiting (<see cref="Pending"/>), of which <see cref="Failed"/> failed
/// at least once and wait for their next attempt, and given up (<see cref="Dead"/>).
/// </summary>
public sealed record ReceiverDeliveryCounts(string Receiver, long Pending, long Failed, long Dead);

/// <summary>The delivery backlog per receiver, for the metrics and the readiness check: grouped counts of pending and of dead deliveries, each on its index.</summary>
public sealed class DeliveryCounts(HubDatabase database)
{
    public async Task<IReadOnlyList<ReceiverDeliveryCounts>> PerReceiverAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Receiver, string Status, long Failed, long Count)>(new CommandDefinition(
            """
            SELECT receiver_platform, 'Pending', CASE WHEN attempts > 0 THEN 1 ELSE 0 END, COUNT(*) FROM deliveries
            WHERE status = 'Pending' GROUP BY receiver_platform, CASE WHEN attempts > 0 THEN 1 ELSE 0 END
            UNION ALL
            SELECT receiver_platform, 'Dead', 1, COUNT(*) FROM deliveries
            WHERE status = 'Dead' AND ended_at IS NOT NULL GROUP BY receiver_platform
            """, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Receiver)
            .Select(g => new ReceiverDeliveryCounts(g.Key,
                g.Where(r => r.Status == "Pending").Sum(r => r.Count),
                g.Where(r => r.Status == "Pending" && r.Failed == 1).Sum(r => r.Count),
                g.Where(r => r.Status == "Dead").Sum(r => r.Count)))
            .ToList();
    }
}
