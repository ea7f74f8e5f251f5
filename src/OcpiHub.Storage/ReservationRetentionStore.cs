using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// Removes, a bounded batch at a time, the records of reservations that ended (their expiry_date passed, or the eMSP or
/// the CPO cancelled them: <see cref="ReservationEnd"/>) before a cutoff: the reservation (<c>command_reservations</c>)
/// and the hub's number for it at a 2.1.1 CPO (<c>reservation_numbers</c>); and the numbers no reservation holds (their
/// RESERVE_NOW the CPO refused, failed or never answered) last asked for before the cutoff. A running reservation is
/// never touched, so a CANCEL_RESERVATION of one still finds its CPO; each 2.1.1 CPO's highest number stays, so numbers
/// are never given twice (the next is one above it).
/// </summary>
public sealed class ReservationRetentionStore(HubDatabase database)
{
    private const string EndedBefore = $"""
        SELECT r.emsp, r.reservation_key, r.cpo FROM command_reservations r
        {ReservationEnd.Joins}
        WHERE r.expires_at < @cutoff OR ({ReservationEnd.EndedAt}) < @cutoff
        ORDER BY r.reserved_at LIMIT @batch
        """;

    private static readonly string UnheldBefore = $"""
        SELECT n.emsp, n.reservation_key, n.cpo FROM reservation_numbers n
        WHERE n.numbered_at < @cutoff AND {NotHighest("n")}
            AND NOT EXISTS (SELECT 1 FROM command_reservations r WHERE r.emsp = n.emsp AND r.reservation_key = n.reservation_key AND r.cpo = n.cpo)
        ORDER BY n.numbered_at LIMIT @batch
        """;

    /// <summary>
    /// Deletes up to <paramref name="batch"/> reservations that ended before <paramref name="cutoff"/>, oldest first, with
    /// their numbers; how many reservations it deleted. One short write: on SQLite the one writer is held only for one batch.
    /// </summary>
    public Task<int> DeleteEndedBeforeAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var parameters = Parameters(cutoff, batch);
            await connection.ExecuteAsync(DeleteNumbersIn(EndedBefore), parameters, transaction);
            return await connection.ExecuteAsync(
                $"DELETE FROM command_reservations WHERE (emsp, reservation_key, cpo) IN ({EndedBefore})", parameters, transaction);
        }, cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="batch"/> numbers that no reservation holds, last asked for before
    /// <paramref name="cutoff"/>, but each CPO's highest; how many.
    /// </summary>
    public Task<int> DeleteUnheldNumbersBeforeAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync((connection, transaction) =>
            connection.ExecuteAsync(DeleteNumbersIn(UnheldBefore), Parameters(cutoff, batch), transaction), cancellationToken);

    private static string DeleteNumbersIn(string reservations) =>
        $"DELETE FROM reservation_numbers WHERE (emsp, reservation_key, cpo) IN ({reservations}) AND {NotHighest("reservation_numbers")}";

    private static string NotHighest(string numbers) =>
        $"{numbers}.number < (SELECT MAX(highest.number) FROM reservation_numbers highest WHERE highest.cpo = {numbers}.cpo)";

    private static object Parameters(DateTimeOffset cutoff, int batch) => new { cutoff = cutoff.ToUnixTimeMilliseconds(), batch };
}
