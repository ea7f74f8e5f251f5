using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// Removes the records of reservations that ended (their expiry_date passed, or their CANCEL_RESERVATION's result was
/// ACCEPTED) before a cutoff, a bounded batch at a time: the reservation (<c>command_reservations</c>) and the hub's
/// number for it at a 2.1.1 CPO (<c>reservation_numbers</c>). A running reservation is never touched, so a
/// CANCEL_RESERVATION of one still finds its CPO.
/// </summary>
public sealed class ReservationRetentionStore(HubDatabase database)
{
    // Over before the cutoff: expired, or cancelled by a CANCEL_RESERVATION whose result was ACCEPTED (FindReservationsAsync's
    // running reservations are the others).
    private const string EndedBefore = """
        SELECT r.emsp, r.reservation_key, r.cpo FROM command_reservations r
        LEFT JOIN command_relays cancel ON cancel.id = r.cancelled_by
        WHERE r.expires_at < @cutoff OR (cancel.result = 'ACCEPTED' AND cancel.finished_at < @cutoff)
        ORDER BY r.reserved_at LIMIT @batch
        """;

    /// <summary>
    /// Deletes up to <paramref name="batch"/> reservations that ended before <paramref name="cutoff"/>, oldest first, with
    /// their numbers; how many reservations it deleted. One short write: on SQLite the one writer is held only for one
    /// batch. Each 2.1.1 CPO's highest number stays, so numbers are never given twice (the next is one above it).
    /// </summary>
    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var parameters = new { cutoff = cutoff.ToUnixTimeMilliseconds(), batch };
            await connection.ExecuteAsync($"""
                DELETE FROM reservation_numbers WHERE (emsp, reservation_key, cpo) IN ({EndedBefore})
                    AND number < (SELECT MAX(highest.number) FROM reservation_numbers highest WHERE highest.cpo = reservation_numbers.cpo)
                """, parameters, transaction);
            return await connection.ExecuteAsync(
                $"DELETE FROM command_reservations WHERE (emsp, reservation_key, cpo) IN ({EndedBefore})", parameters, transaction);
        }, cancellationToken);
}
