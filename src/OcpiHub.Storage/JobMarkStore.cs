using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// How far each periodic job has come, by name in <c>job_marks</c>: the instant up to which it has done its work, so a
/// restart or another node carries on from there (<c>OneNodeJob</c> runs it on one node at a time).
/// </summary>
public sealed class JobMarkStore(HubDatabase database)
{
    /// <summary>The instant <paramref name="name"/> has reached; null when it never ran.</summary>
    public async Task<DateTimeOffset?> ReachedAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var reached = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT reached_at FROM job_marks WHERE name = @name", new { name }, cancellationToken: cancellationToken));
        return reached is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }

    public Task MarkAsync(string name, DateTimeOffset reached, CancellationToken cancellationToken = default) =>
        database.ExecuteWriteAsync("""
            INSERT INTO job_marks (name, reached_at) VALUES (@name, @reached)
            ON CONFLICT (name) DO UPDATE SET reached_at = excluded.reached_at
            """, new { name, reached = reached.ToUnixTimeMilliseconds() }, cancellationToken);
}
