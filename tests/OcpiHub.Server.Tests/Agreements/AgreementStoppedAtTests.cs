using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Agreements;

/// <summary>When data between an agreement's parties stopped, which its next resumption withdraws removals since.</summary>
public class AgreementStoppedAtTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_agreement_suspended_again_before_its_withdraw_was_queued_keeps_the_earlier_stop(StorageKind storage)
    {
        await WithDatabaseAsync(storage, async database =>
        {
            var store = new AgreementStore(database);
            var (cpo, emsp) = (new PartyKey("NL", "CPO"), new PartyKey("DE", "EMA"));
            var made = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            var (first, second) = (made.AddHours(1), made.AddHours(3));
            var active = new Agreement("a1", cpo, emsp, AgreementStatus.Active, made, made);
            await store.AddAsync(active);
            var suspended = active with { Status = AgreementStatus.Suspended, UpdatedAt = first, StoppedAt = first };
            Assert.True(await store.UpdateAsync(suspended, AgreementStatus.Active));
            // Resumed: the eMSP is to be sent a DELETE of each Tariff removed since the first stop; suspended again before that ran.
            var resumed = suspended with { Status = AgreementStatus.Active, UpdatedAt = made.AddHours(2) };
            Assert.True(await store.UpdateAsync(resumed, AgreementStatus.Suspended, [new CatchUp("a1", emsp, DataModule.Tariffs, "resumed", first)]));
            Assert.True(await store.UpdateAsync(resumed with { Status = AgreementStatus.Suspended, UpdatedAt = second, StoppedAt = second }, AgreementStatus.Active));

            Assert.Equal(first, (await store.FindAsync("a1"))!.StoppedAt);
        });
    }

    private static async Task WithDatabaseAsync(StorageKind storage, Func<HubDatabase, Task> test)
    {
        if (storage == StorageKind.Sqlite)
        {
            var folder = Directory.CreateTempSubdirectory("ocpihub-stopped-");
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
