using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>A migrated database of its own, with no hub on it, for tests of the store alone; removed after the test.</summary>
public static class ScratchDatabase
{
    public static async Task WithAsync(StorageKind storage, Func<HubDatabase, Task> test)
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
