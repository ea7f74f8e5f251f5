using System.Data.Common;
using Dapper;
using Npgsql;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// The hub's PostgreSQL connections go back to the pool as they are, with their prepared statements (no
/// <c>DISCARD ALL</c> per use): so nothing the hub does may leave state on a connection for its next user.
/// </summary>
public class PooledConnectionTests
{
    [Fact]
    public async Task A_statement_the_hub_sends_again_and_again_stays_prepared_on_its_connection()
    {
        await WithDatabaseAsync(async (database, _) =>
        {
            var versions = new SharedStateVersion(database);
            for (var i = 0; i < 10; i++)
                await versions.ReadAsync(TestContext.Current.CancellationToken);

            await using var connection = await database.OpenForSharedStateAsync(TestContext.Current.CancellationToken);
            var prepared = await connection.QueryAsync<string>("SELECT statement FROM pg_prepared_statements");
            Assert.Contains(prepared, statement => statement.Contains("state_version", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task The_shared_state_is_read_while_requests_hold_every_connection_of_the_pool()
    {
        await WithDatabaseAsync(async (database, _) =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            // Requests that hold the whole pool while they wait for the state (a push finding its receivers) must not starve its read.
            await using var first = await database.OpenAsync(cancellationToken);
            await using var second = await database.OpenAsync(cancellationToken);

            Assert.True(await new SharedStateVersion(database).ReadAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken) >= 0);
            Assert.Empty(await new AgreementStore(database).AllAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken));
        });
    }

    [Fact]
    public async Task A_change_reading_other_objects_needs_no_second_connection_of_the_pool()
    {
        await WithDatabaseAsync(async (database, _) =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            // Another request holds the rest of the pool while a push decides who may see an unpublished Location.
            await using var other = await database.OpenAsync(cancellationToken);
            var owner = new PartyKey("NL", "C11");
            var changing = new DataStore(database, TimeProvider.System, new SharedStateVersion(database)).ChangeAsync([new(DataModule.Locations, owner, "L1")], async (_, _, finder) =>
            {
                Assert.Empty(await finder.FindByFieldAsync(DataModule.Tokens, "uid", "ANY-TOKEN", cancellationToken));
                return null;
            }, cancellationToken: cancellationToken);

            await changing.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        });
    }

    [Fact]
    public async Task A_listener_that_stops_leaves_no_pooled_connection_listening()
    {
        await WithDatabaseAsync(async (database, connectionString) =>
        {
            using var stop = new CancellationTokenSource();
            var listening = new SharedStateVersion(database).ListenAsync(stop.Token);
            await Eventually.UntilAsync(() => ListenersAsync(connectionString), count => count == 1, "the listener to listen");
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);

            // The pool holds two connections: opened together, they are both of them, the listener's among them.
            await using var first = await database.OpenAsync(TestContext.Current.CancellationToken);
            await using var second = await database.OpenAsync(TestContext.Current.CancellationToken);
            foreach (var connection in new[] { first, second })
                Assert.Empty(await connection.QueryAsync<string>("SELECT pg_listening_channels()"));
        });
    }

    [Fact]
    public async Task Sessions_PostgreSQL_ended_are_dropped_from_both_pools_by_the_first_use_that_meets_one()
    {
        await WithDatabaseAsync(async (database, connectionString) =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            async Task UseEveryPooledSessionAsync()
            {
                await using var first = await database.OpenAsync(cancellationToken);
                await using var second = await database.OpenAsync(cancellationToken);
                await using var sharedState = await database.OpenForSharedStateAsync(cancellationToken);
                foreach (var connection in new[] { first, second, sharedState })
                    Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
            }
            await UseEveryPooledSessionAsync();

            // An operator or a failover ends them while they sit idle in the pools.
            await using (var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString()))
            {
                await probe.OpenAsync(cancellationToken);
                await probe.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
                await Eventually.UntilAsync(() => probe.ExecuteScalarAsync<int>(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"),
                    count => count == 0, "the hub's sessions to end");
            }
            // Whatever uses the pool first (a request, a background worker) meets a dead session and fails, as it must;
            // nothing else is told, yet every use after it gets a live session.
            await Assert.ThrowsAnyAsync<DbException>(async () =>
            {
                await using var first = await database.OpenAsync(cancellationToken);
                await first.ExecuteScalarAsync<int>("SELECT 1");
            });

            await UseEveryPooledSessionAsync();
        });
    }

    [Fact]
    public async Task A_listener_stopped_at_shutdown_leaves_the_sessions_of_the_pools_alone()
    {
        await WithDatabaseAsync(async (database, connectionString) =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            // A listener stopped at shutdown: its wait is cancelled, which may break its session; a request's session
            // in use meanwhile is still the pool's after.
            int held;
            await using (var request = await database.OpenAsync(cancellationToken))
            {
                held = await PidAsync(request);
                using var stop = new CancellationTokenSource();
                var listening = new SharedStateVersion(database).ListenAsync(stop.Token);
                await Eventually.UntilAsync(() => ListenersAsync(connectionString), count => count == 1, "the listener to listen");
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
            }
            await using (var first = await database.OpenAsync(cancellationToken))
            await using (var second = await database.OpenAsync(cancellationToken))
                Assert.Contains(held, new[] { await PidAsync(first), await PidAsync(second) });
        });
    }

    private static Task<int> PidAsync(DbConnection connection) => connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");

    /// <summary>How many sessions of this database last ran a LISTEN, seen from a connection outside the hub's pool.</summary>
    private static async Task<int> ListenersAsync(string connectionString)
    {
        await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await probe.OpenAsync();
        return await probe.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
    }

    /// <summary>A migrated scratch database whose pool holds two connections.</summary>
    private static async Task WithDatabaseAsync(Func<HubDatabase, string, Task> test)
    {
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using var database = HubDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ToString());
            await Migrator.MigrateAsync(database);
            await test(database, connectionString);
        }
        finally
        {
            await drop();
        }
    }
}
