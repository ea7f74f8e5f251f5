using Dapper;
using Npgsql;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// On PostgreSQL the hub refreshes the planner's statistics of its objects once many new ones were stored (a first
/// full sync, an import), so pages and lookups get their index plans at once rather than at autovacuum's next round.
/// </summary>
public class PlannerStatisticsTests
{
    [Fact]
    public async Task Objects_stored_in_bulk_have_the_planner_statistics_refreshed_by_the_hub()
    {
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using var database = HubDatabase.PostgreSql(connectionString);
            await Migrator.MigrateAsync(database);
            var store = new DataStore(database, TimeProvider.System);
            var owner = new PartyKey("NL", "CPO");
            var stored = DateTimeOffset.UtcNow;
            await store.SaveAsync(Enumerable.Range(0, 1500)
                .Select(i => new StoredObject(DataModule.Locations, owner, $"L{i:D5}", stored, "{}", null, stored.AddMilliseconds(i))).ToList());

            // The hub's own ANALYZE sets last_analyze; autovacuum's would set last_autoanalyze instead.
            var (_, rows) = await Eventually.UntilAsync(() => StatisticsAsync(connectionString), s => s.Analyzed is not null,
                "the objects' statistics refreshed");
            Assert.Equal(1500, rows);
        }
        finally
        {
            await drop();
        }
    }

    private static async Task<(DateTime? Analyzed, long Rows)> StatisticsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await connection.QuerySingleAsync<(DateTime?, long)>(
            "SELECT s.last_analyze, c.reltuples::bigint FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'objects'");
    }
}
