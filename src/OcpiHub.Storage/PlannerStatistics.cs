using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// PostgreSQL plans the page and lookup queries by its statistics of the objects table, which autovacuum refreshes
/// only at its next round, a minute or more after a bulk load. Until then a table it believes empty gets plans that
/// read every row of an owner for each page or lookup (20,000 Locations: 10 to 25 ms a query instead of 0.1 to 0.2),
/// so a first full sync was walked in O(N^2). The hub refreshes them itself once the objects it added since the last
/// refresh reach a tenth of the table, and at least <see cref="MinimumAdded"/>: in the background, one at a time.
/// SQLite keeps no such statistics unless asked; its page query names its index.
/// </summary>
internal sealed class PlannerStatistics(HubDatabase database)
{
    private const long MinimumAdded = 1000;

    private long added;
    private long rowsAtLastRefresh;
    private int refreshing;

    /// <summary>Notes <paramref name="count"/> objects added; starts a refresh when they are enough.</summary>
    public void Added(int count)
    {
        if (database.Kind != DatabaseKind.PostgreSql || count == 0)
            return;
        var threshold = Math.Max(MinimumAdded, Interlocked.Read(ref rowsAtLastRefresh) / 10);
        if (Interlocked.Add(ref added, count) >= threshold && Interlocked.CompareExchange(ref refreshing, 1, 0) == 0)
            _ = Task.Run(RefreshAsync);
    }

    private async Task RefreshAsync()
    {
        try
        {
            Interlocked.Exchange(ref added, 0);
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("ANALYZE objects");
            Interlocked.Exchange(ref rowsAtLastRefresh, await connection.ExecuteScalarAsync<long>("SELECT reltuples::bigint FROM pg_class WHERE oid = 'objects'::regclass"));
        }
        catch (Exception)
        {
            // Whatever stopped it (the database away, the hub stopping), autovacuum still refreshes them at its next
            // round, and the next objects added try again: nothing waits for this.
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }
}
