using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// PostgreSQL plans queries by its statistics of a table, which autovacuum refreshes only at its next round, a minute
/// or more after a bulk load. Until then a table it believes empty gets plans that read every row: with 20,000
/// objects, 10 to 25 ms a page or lookup instead of 0.1 to 0.2 ms (a first full sync was walked in O(N^2)); with the
/// 100,000 deliveries such a sync queues, 1.2 s a claim of 500 instead of 6 ms. The hub refreshes a table's statistics
/// itself once the rows it added since the last refresh reach as many as the table then held (it has doubled), and at
/// least <see cref="MinimumAdded"/>: in the background, one refresh of the table at a time. Growth short of that is
/// autovacuum's to follow: refreshing at a tenth, the hub analysed the outbox every 3.5 s under S5's steady
/// deliveries, 0.9 s of the database's time each, a sixth of all it did. SQLite keeps no such statistics unless
/// asked; its queries that need an index name it.
/// </summary>
internal sealed class PlannerStatistics(HubDatabase database, string table)
{
    private const long MinimumAdded = 1000;

    private long added;
    private long rowsAtLastRefresh;
    private int refreshing;

    /// <summary>Notes <paramref name="count"/> rows added to the table; starts a refresh when they are enough.</summary>
    public void Added(int count)
    {
        if (database.Kind != DatabaseKind.PostgreSql || count == 0)
            return;
        var threshold = Math.Max(MinimumAdded, Interlocked.Read(ref rowsAtLastRefresh));
        if (Interlocked.Add(ref added, count) >= threshold && Interlocked.CompareExchange(ref refreshing, 1, 0) == 0)
            _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        try
        {
            Interlocked.Exchange(ref added, 0);
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync($"ANALYZE {table}");
            Interlocked.Exchange(ref rowsAtLastRefresh, await connection.ExecuteScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = @table::regclass", new { table }));
        }
        catch (Exception)
        {
            // Whatever stopped it (the database away, the hub stopping), autovacuum still refreshes them at its next
            // round, and the next rows added try again: nothing waits for this.
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }
}
