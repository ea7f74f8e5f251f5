using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>A migrated database of its own for one test, without a hub: a SQLite file in a temporary folder, or a database of the test PostgreSQL server.</summary>
public static class ScratchDatabase
{
    /// <summary>Runs <paramref name="test"/> on a freshly migrated database of <paramref name="storage"/>, removed after.</summary>
    public static async Task WithMigratedAsync(StorageKind storage, Func<HubDatabase, Task> test)
    {
        if (storage == StorageKind.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("ocpihub-scratch-");
            try
            {
                await using var database = HubDatabase.Sqlite(Path.Combine(folder.FullName, "ocpihub.db"));
                await Migrator.MigrateAsync(database);
                await test(database);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
            return;
        }
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            await using var database = HubDatabase.PostgreSql(connectionString);
            await Migrator.MigrateAsync(database);
            await test(database);
        }
        finally
        {
            await drop();
        }
    }
}
