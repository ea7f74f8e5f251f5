using Dapper;
using Npgsql;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// On PostgreSQL the hub refreshes the planner's statistics of its objects and of its deliveries once many new rows
/// were stored (a first full sync, an import, the deliveries they queue), so pages, lookups and claims get their
/// index plans at once rather than at autovacuum's next round. The hub's own <c>ANALYZE</c> sets
/// <c>last_analyze</c>; autovacuum's would set <c>last_autoanalyze</c> instead.
/// </summary>
public class PlannerStatisticsTests
{
    private static readonly PartyKey Cpo = new("NL", "CPO");
    private static readonly DateTimeOffset Stored = DateTimeOffset.UtcNow;

    private static List<StoredObject> Locations(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StoredObject(DataModule.Locations, Cpo, $"L{i:D5}", Stored, "{}", null, Stored.AddMilliseconds(i)))];

    [Fact]
    public Task Objects_stored_in_bulk_have_their_statistics_refreshed_by_the_hub() =>
        WithStoreAsync(async (store, connectionString) =>
        {
            await store.SaveAsync(Locations(1500));

            Assert.Equal(1500, await RefreshedRowsAsync(connectionString, "objects"));
        });

    [Fact]
    public Task Deliveries_queued_in_bulk_have_their_statistics_refreshed_by_the_hub() =>
        WithStoreAsync(async (store, connectionString) =>
        {
            var deliveries = Locations(1500).Select(location => new ObjectDelivery(location, $"/locations/NL/CPO/{location.Id}",
                new NewDelivery("emsp-platform", new PartyKey("DE", "EMA"), Cpo, "PUT", $"/locations/NL/CPO/{location.Id}", location.Body))).ToList();
            await store.EnqueueAsync(deliveries, "correlation", collapse: false);

            Assert.Equal(1500, await RefreshedRowsAsync(connectionString, "deliveries"));
        });

    /// <summary>A store on a migrated scratch database of the test server.</summary>
    private static async Task WithStoreAsync(Func<DataStore, string, Task> test)
    {
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using var database = HubDatabase.PostgreSql(connectionString);
            await Migrator.MigrateAsync(database);
            await test(new DataStore(database, TimeProvider.System, new SharedStateVersion(database)), connectionString);
        }
        finally
        {
            await drop();
        }
    }

    /// <summary>The rows the planner counts in <paramref name="table"/>, once the hub has refreshed its statistics.</summary>
    private static async Task<long> RefreshedRowsAsync(string connectionString, string table)
    {
        async Task<(DateTime? Analyzed, long Rows)> StatisticsAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return await connection.QuerySingleAsync<(DateTime?, long)>(
                "SELECT s.last_analyze, c.reltuples::bigint FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = @table", new { table });
        }
        return (await Eventually.UntilAsync(StatisticsAsync, s => s.Analyzed is not null, $"the statistics of {table} refreshed")).Rows;
    }
}
