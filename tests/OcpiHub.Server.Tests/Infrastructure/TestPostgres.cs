using Npgsql;
using OcpiHub.Storage;

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

    /// <summary>
    /// The database every migrated one is copied from, migrated once per test run: applying the migrations costs the
    /// server more than copying their result, and most tests start a hub on a migrated database, not on an empty one.
    /// Made again when making it failed, so that one refused connection does not fail every test after it.
    /// </summary>
    private static Task<string> MigratedTemplate()
    {
        lock (TemplateGate)
            return template is { IsFaulted: false, IsCanceled: false } made ? made : template = CreateMigratedTemplateAsync();
    }

    private static readonly Lock TemplateGate = new();
    private static Task<string>? template;

    /// <summary>An empty database, as a hub finds it at its first start.</summary>
    public static Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync() => CreateDatabaseAsync(template: null);

    /// <summary>
    /// A database the hub's migrations are applied to (a copy of <see cref="MigratedTemplate"/>'s), as a hub finds it at
    /// any start after its first; the hub checks at start that every migration it has is applied.
    /// </summary>
    public static async Task<(string ConnectionString, Func<Task> Drop)> CreateMigratedDatabaseAsync()
    {
        RequireServer();
        return await CreateDatabaseAsync(await MigratedTemplate());
    }

    private static async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync(string? template)
    {
        RequireServer();
        var name = (template is null ? "ocpihub_test_" : "ocpihub_test_m_") + Guid.NewGuid().ToString("N");
        await ExecuteAsync(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}");
        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
        return (connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    private static async Task<string> CreateMigratedTemplateAsync()
    {
        var name = "ocpihub_template_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"CREATE DATABASE {name}");
        // Disposing the database closes its connections: a database is copied only while no one is connected to it.
        await using (var database = HubDatabase.PostgreSql(new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString()))
            await Migrator.MigrateAsync(database);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
        return name;
    }

    private static void RequireServer()
    {
        if (Server is not null)
            return;
        Assert.False(Environment.GetEnvironmentVariable("OCPIHUB_REQUIRE_POSTGRES") == "1", "OCPIHUB_TEST_POSTGRES is not set but PostgreSQL is required");
        Assert.Skip("no PostgreSQL server configured (set OCPIHUB_TEST_POSTGRES to run the PostgreSQL variants)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
