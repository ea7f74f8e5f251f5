using Dapper;
using OcpiHub.Core.Messages;

namespace OcpiHub.Storage;

public sealed class TrafficStats(HubDatabase database) : ITrafficStats
{
    public async Task<IReadOnlyList<TrafficMinute>> MessagesPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Minute, string Direction, long Count)>(new CommandDefinition(
            "SELECT time / 60000, direction, COUNT(*) FROM messages WHERE time >= @since GROUP BY time / 60000, direction",
            new { since = since.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Minute).OrderBy(g => g.Key)
            .Select(g => new TrafficMinute(DateTimeOffset.FromUnixTimeMilliseconds(g.Key * 60000),
                (int)g.Where(r => r.Direction.Equals("IN", StringComparison.OrdinalIgnoreCase)).Sum(r => r.Count),
                (int)g.Where(r => r.Direction.Equals("OUT", StringComparison.OrdinalIgnoreCase)).Sum(r => r.Count)))
            .ToList();
    }

    public async Task<int> BacklogAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'Pending'", cancellationToken: cancellationToken));
    }
}
