using OcpiHub.Core.Platforms;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>Reservations remembered before migration 0040 named their relays themselves: they run or end after it as the relays' results say.</summary>
public sealed class ReservationUpgradeTests
{
    private static readonly PartyKey Emsp = new("DE", "EMA");

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Reservations_remembered_before_their_relays_named_them_run_or_end_by_those_relays_results(StorageKind storage)
    {
        await ScratchDatabase.WithMigratedAsync(storage, async database =>
        {
            // As the hub left them before migration 0040: a reservation names the RESERVE_NOW that made it (NULL before
            // migration 0038) and the eMSP's last CANCEL_RESERVATION the CPO took.
            foreach (var undo in new[]
            {
                "DROP INDEX command_relays_by_reservation", "ALTER TABLE command_relays DROP COLUMN reservation_key",
                "ALTER TABLE command_reservations ADD COLUMN reserved_by TEXT NULL", "ALTER TABLE command_reservations ADD COLUMN cancelled_by TEXT NULL",
                "DELETE FROM schema_migrations WHERE version = 40",
                "INSERT INTO platforms (id, name, status, endpoints, settings, created_at) VALUES ('cpo', 'CPO', 'Registered', '[]', '{}', 0)",
            })
                await database.ExecuteWriteAsync(undo, null);
            // Reservation, the result of its RESERVE_NOW (null: unknown to the hub), of its cancellation (null: none).
            var reservations = new (string Id, string? Reserved, string? Cancelled)[]
            {
                ("RUNNING", "ACCEPTED", null), ("CANCELLED", "ACCEPTED", "ACCEPTED"), ("CANCEL-REFUSED", "ACCEPTED", "REJECTED"),
                ("CPO-CANCELLED", "CANCELED_RESERVATION", null), ("OLD", null, "REJECTED"), ("OLD-CANCELLED", null, "ACCEPTED"),
                ("NEVER-MADE", "FAILED", null),
            };
            foreach (var (id, reserved, cancelled) in reservations)
            {
                foreach (var (command, result, at) in new[] { ("RESERVE_NOW", reserved, 10), ("CANCEL_RESERVATION", cancelled, 20) })
                {
                    if (result is not null)
                        await database.ExecuteWriteAsync("""
                            INSERT INTO command_relays (id, command, correlation_id, response_url, emsp_platform, emsp, emsp_version, cpo_platform, cpo,
                                state, answer, result, created_at, expires_at, finished_at)
                            VALUES (@relay, @command, 'c', 'https://emsp.example/results', 'emsp', @emsp, '2.2.1', 'cpo', 'NL*CPO',
                                'ResultRelayed', 'ACCEPTED', @result, 1, 2, @at)
                            """, new { relay = command + id, command, emsp = Emsp.ToString(), result, at });
                }
                await database.ExecuteWriteAsync("""
                    INSERT INTO command_reservations (emsp, reservation_key, reservation_id, cpo_platform, cpo, reserved_at, expires_at, reserved_by, cancelled_by)
                    VALUES (@emsp, @id, @id, 'cpo', 'NL*CPO', 0, NULL, @reservedBy, @cancelledBy)
                    """, new
                {
                    emsp = Emsp.ToString(), id, reservedBy = reserved is null ? null : "RESERVE_NOW" + id,
                    cancelledBy = cancelled is null ? null : "CANCEL_RESERVATION" + id,
                });
            }

            await Migrator.MigrateAsync(database);

            var store = new CommandStore(database, TimeProvider.System);
            var running = new List<string>();
            foreach (var (id, _, _) in reservations)
            {
                if ((await store.FindReservationsAsync(Emsp, id)).Count > 0)
                    running.Add(id);
            }
            Assert.Equal(["RUNNING", "CANCEL-REFUSED", "OLD"], running);
        });
    }
}
