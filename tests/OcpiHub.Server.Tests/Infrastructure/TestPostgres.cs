using Npgsql;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the storage variants of the tests, from <c>OCPIHUB_TEST_POSTGRES</c> (a connection
/// string to a server where the tests may create databases; <c>.ci/run</c> starts one and sets it). Each hub gets
/// a database of its own. Without the variable the PostgreSQL variants are skipped, visibly, except where
/// <c>OCPIHUB_REQUIRE_POSTGRES=1</c> (CI), where they fail.
/// </summary>
public static class TestPostgres
{
    private static string? Server => Environment.GetEnvironmentVariable("OCPIHUB_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync()
    {
        if (Server is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("OCPIHUB_REQUIRE_POSTGRES") == "1", "OCPIHUB_TEST_POSTGRES is not set but PostgreSQL is required");
            Assert.Skip("no PostgreSQL server configured (set OCPIHUB_TEST_POSTGRES to run the PostgreSQL variants)");
        }
        var name = "ocpihub_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
        return (connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
