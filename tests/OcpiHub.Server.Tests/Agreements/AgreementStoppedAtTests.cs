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
        await ScratchDatabase.WithAsync(storage, async database =>
        {
            var store = new AgreementStore(database);
            var (cpo, emsp) = (new PartyKey("NL", "CPO"), new PartyKey("DE", "EMA"));
            var made = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            var (first, second) = (made.AddHours(1), made.AddHours(3));
            var active = new Agreement("a1", cpo, emsp, AgreementStatus.Active, made, made);
            await store.AddAsync(active);
            var suspended = active with { Status = AgreementStatus.Suspended, UpdatedAt = first, StoppedAt = first };
            Assert.True(await store.UpdateAsync(suspended, AgreementStatus.Active));
            var firstStop = (await store.FindAsync("a1"))!.Stopped;
            // Resumed: the eMSP is to be sent a DELETE of each Tariff removed since the first stop; suspended again before that ran.
            var resumed = suspended with { Status = AgreementStatus.Active, UpdatedAt = made.AddHours(2) };
            Assert.True(await store.UpdateAsync(resumed, AgreementStatus.Suspended, [new CatchUp("a1", emsp, DataModule.Tariffs, "resumed", firstStop)]));
            Assert.True(await store.UpdateAsync(resumed with { Status = AgreementStatus.Suspended, UpdatedAt = second, StoppedAt = second }, AgreementStatus.Active));

            Assert.Equal(new DataStop(first, firstStop!.Value.StateVersion), (await store.FindAsync("a1"))!.Stopped);
        });
    }

    /// <summary>
    /// A resumption's withdraw still to run when migration 0030 is applied ends at the shared state version then: what
    /// stopped reaching the eMSP before is withdrawn, what was written after, seeing the agreement active, was sent
    /// live and is not sent again.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_withdraw_still_to_run_at_the_upgrade_ends_where_the_upgrade_found_the_state(StorageKind storage)
    {
        await ScratchDatabase.WithAsync(storage, async database =>
        {
            var (cpo, emsp) = (new PartyKey("NL", "CPO"), new PartyKey("DE", "EMA"));
            var made = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            await new AgreementStore(database).AddAsync(new Agreement("a1", cpo, emsp, AgreementStatus.Active, made, made),
                [new CatchUp("a1", emsp, DataModule.Tariffs, "renewed", new DataStop(made.AddHours(-1), 0))]);
            // As the hub left it before migration 0030: a catch-up whose withdraw has no end.
            await database.ExecuteWriteAsync("ALTER TABLE agreement_catch_ups DROP COLUMN withdraw_before_version", null);
            await database.ExecuteWriteAsync("DELETE FROM schema_migrations WHERE version = 30", null);
            var upgradedAt = await database.CountAsync("SELECT version FROM state_version WHERE id = 1");

            await Migrator.MigrateAsync(database);

            Assert.Equal(upgradedAt, await database.CountAsync("SELECT withdraw_before_version FROM agreement_catch_ups WHERE agreement_id = 'a1'"));
        });
    }

    /// <summary>
    /// An agreement suspended when migration 0035 is applied: its withdraw starts at the first record stamped from a
    /// minute before the stop on (one written after it on a node whose clock ran behind is still withdrawn), and, where
    /// none is, at the version then. A record stamped earlier (sent while data flowed) stays out.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_agreement_suspended_at_the_upgrade_withdraws_from_its_stops_time_as_before(StorageKind storage)
    {
        await ScratchDatabase.WithAsync(storage, async database =>
        {
            var store = new AgreementStore(database);
            var (cpo, emsp) = (new PartyKey("NL", "CPO"), new PartyKey("DE", "EMA"));
            var made = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            var stopped = made.AddHours(1);
            await store.AddAsync(new Agreement("a1", cpo, emsp, AgreementStatus.Active, made, made));
            await store.AddAsync(new Agreement("a2", cpo, new PartyKey("DE", "EMB"), AgreementStatus.Active, made, made));
            await store.UpdateAsync(new Agreement("a1", cpo, emsp, AgreementStatus.Suspended, made, stopped) { StoppedAt = stopped }, AgreementStatus.Active);
            await store.UpdateAsync(new Agreement("a2", cpo, new PartyKey("DE", "EMB"), AgreementStatus.Suspended, made, stopped.AddHours(1))
                { StoppedAt = stopped.AddHours(1) }, AgreementStatus.Active);
            // Sent while data flowed (version 3), and written after the stop by a node whose clock ran 30 s behind (version 7).
            await database.ExecuteWriteAsync("""
                INSERT INTO stopped_reaching (module, owner, object_key, object_id, body, created_at, changed_at, state_version)
                VALUES ('Tariffs', 'NL*CPO', 'T1', 'T1', '{}', 0, @early, 3), ('Tariffs', 'NL*CPO', 'T2', 'T2', '{}', 0, @behind, 7)
                """, new { early = stopped.AddMinutes(-5).ToUnixTimeMilliseconds(), behind = stopped.AddSeconds(-30).ToUnixTimeMilliseconds() });
            // As the hub left it before migration 0035.
            await database.ExecuteWriteAsync("ALTER TABLE agreements DROP COLUMN stopped_version", null);
            await database.ExecuteWriteAsync("ALTER TABLE agreement_catch_ups DROP COLUMN withdraw_from_version", null);
            await database.ExecuteWriteAsync("ALTER TABLE party_standings DROP COLUMN changed_version", null);
            await database.ExecuteWriteAsync("DELETE FROM schema_migrations WHERE version = 35", null);

            await Migrator.MigrateAsync(database);

            // Stopped before versions were recorded: withdrawn from their stop's time, as before the upgrade, not from a
            // version guessed from the records' times.
            Assert.Equal([null, null], [(await store.FindAsync("a1"))!.StoppedVersion, (await store.FindAsync("a2"))!.StoppedVersion]);
            Assert.Equal([stopped, stopped.AddHours(1)], [(await store.FindAsync("a1"))!.StoppedAt!.Value, (await store.FindAsync("a2"))!.StoppedAt!.Value]);
        });
    }
}
