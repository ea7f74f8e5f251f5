using Npgsql;
using OcpiHub.Storage;

namespace OcpiHub.Load;

/// <summary>
/// A database made for one measurement and gone after it: an SQLite file in a folder that is deleted with the hub,
/// or a new database on the PostgreSQL server of <c>OCPIHUB_TEST_POSTGRES</c>, dropped at the end.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string? server;
    private readonly string name;

    private ScratchDatabase(string? server, string name, string? connectionString)
    {
        (this.server, this.name, ConnectionString) = (server, name, connectionString);
    }

    /// <summary>The PostgreSQL connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(bool postgres)
    {
        var name = "ocpihub_load_" + Guid.NewGuid().ToString("N");
        if (!postgres)
            return new(null, name, null);
        var server = Environment.GetEnvironmentVariable("OCPIHUB_TEST_POSTGRES") is { Length: > 0 } s
            ? s : throw new InvalidOperationException("set OCPIHUB_TEST_POSTGRES to a server where databases may be created");
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        return new(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
    }

    /// <summary>The hub's settings that put it on this database (none for SQLite: the hub's own file in its folder).</summary>
    public string[] HubSettings => ConnectionString is { } server ? [$"--Hub:PostgreSql={server}"] : [];

    /// <summary>The database, for SQLite as a file named after it in <paramref name="folder"/>.</summary>
    public HubDatabase Open(string folder) =>
        ConnectionString is null ? HubDatabase.Sqlite(Path.Combine(folder, name + ".db")) : HubDatabase.PostgreSql(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (server is null)
            return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
