using Microsoft.Data.Sqlite;
using Npgsql;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// The hub's database made unusable from outside, as an operator's mistake or a failover would, and restored:
/// PostgreSQL refuses connections to it (and its sessions are ended); the SQLite file is moved away and a
/// folder stands in its path, so no connection can open it and none can create a fresh one there. The hub's workers
/// keep trying meanwhile, so each move removes what one of them may create in the instant the path is free.
/// </summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly Func<Task> restore;

    private DatabaseOutage(Func<Task> restore) => this.restore = restore;

    public static async Task<DatabaseOutage> BeginAsync(HubUnderTest hub, StorageKind storage)
    {
        var options = hub.Service<HubOptions>();
        if (storage == StorageKind.PostgreSql)
        {
            var name = DatabaseOf(hub);
            await ServerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS false; {EndSessions(name)}");
            return new(() => ServerAsync($"ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
        }
        var file = Path.Combine(options.DataFolder, "ocpihub.db");
        var aside = Path.Combine(options.DataFolder, "aside");
        Directory.CreateDirectory(aside);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(file + suffix))
                File.Move(file + suffix, Path.Combine(aside, "ocpihub.db" + suffix));
        ClaimPath(() => TryCreateFolder(file), file, file + "-wal", file + "-shm");
        // Again: a worker may have opened the file between the first clearing and the move, and its pooled
        // connection would keep answering from the moved file.
        SqliteConnection.ClearAllPools();
        return new(() =>
        {
            // The log and its index first, while the folder still keeps every connection from opening the database.
            foreach (var suffix in new[] { "-wal", "-shm" })
                if (File.Exists(Path.Combine(aside, "ocpihub.db" + suffix)))
                    File.Move(Path.Combine(aside, "ocpihub.db" + suffix), file + suffix);
            SqliteConnection.ClearAllPools();
            Directory.Delete(file);
            ClaimPath(() => TryMove(Path.Combine(aside, "ocpihub.db"), file), file);
            SqliteConnection.ClearAllPools();
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Tries <paramref name="claim"/> until it takes the path: a worker opening the database in the instant the path is
    /// free creates an empty database there, which is removed (its connections dropped) before the next try.
    /// </summary>
    private static void ClaimPath(Func<bool> claim, params string[] strayFiles)
    {
        while (!claim())
        {
            SqliteConnection.ClearAllPools();
            foreach (var stray in strayFiles)
                File.Delete(stray);
        }
    }

    private static bool TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to);
            return true;
        }
        catch (IOException) when (File.Exists(to))
        {
            return false;
        }
    }

    private static bool TryCreateFolder(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>PostgreSQL ends the hub's sessions (as an operator or a failover would) and still takes new ones.</summary>
    public static Task EndSessionsAsync(HubUnderTest hub) => ServerAsync(EndSessions(DatabaseOf(hub)));

    private static string DatabaseOf(HubUnderTest hub) => new NpgsqlConnectionStringBuilder(hub.Service<HubOptions>().PostgreSql).Database!;

    private static string EndSessions(string database) => $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'";

    private static async Task ServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("OCPIHUB_TEST_POSTGRES"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await restore();
}
