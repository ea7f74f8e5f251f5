namespace OcpiHub.Storage;

/// <summary>
/// When a reservation the hub forwarded (<c>command_reservations r</c>) ended other than by its expiry_date: one
/// definition for the routing of CANCEL_RESERVATION (running reservations only) and for the retention (ended ones).
/// </summary>
/// <remarks>
/// Read from the relays of the reservation: every RESERVE_NOW and CANCEL_RESERVATION of its id the CPO took (answered
/// ACCEPTED; <see cref="CommandStore"/> names them). The last word wins. A RESERVE_NOW holds the reservation from its
/// result ACCEPTED, and from its sending while its result is awaited (the charge point may yet make it); a result
/// CANCELED_RESERVATION of any RESERVE_NOW of the id (the reservation is the id's, whichever RESERVE_NOW made it last:
/// OCPI, Commands), or the result ACCEPTED of the eMSP's CANCEL_RESERVATION, ends it. Any other result of a RESERVE_NOW
/// (REJECTED, FAILED, EVSE_OCCUPIED, TIMEOUT, the hub's TIMEOUT ...) made nothing and says nothing of a reservation made
/// before; so a reservation none of whose RESERVE_NOWs the charge point made is over, since its last result. A
/// reservation whose RESERVE_NOW the hub does not know (remembered before migration 0038) ends only by its expiry_date
/// or a cancellation.
/// </remarks>
internal static class ReservationEnd
{
    private const string Relays = "FROM command_relays x WHERE x.reservation_key = r.reservation_key AND x.emsp = r.emsp AND x.cpo = r.cpo";

    private const string HeldSince = $"""
        (SELECT MAX(CASE WHEN x.command = 'RESERVE_NOW' AND x.result = 'ACCEPTED' THEN x.finished_at
            WHEN x.command = 'RESERVE_NOW' AND x.result IS NULL THEN x.created_at END) {Relays})
        """;

    private const string EndedSince = $"""
        (SELECT MAX(CASE WHEN x.result = '{Core.Commands.CommandRelay.CanceledReservation}'
            OR (x.command = 'CANCEL_RESERVATION' AND x.result = 'ACCEPTED') THEN x.finished_at END) {Relays})
        """;

    private const string LastReserveResult = $"(SELECT MAX(x.finished_at) {Relays} AND x.command = 'RESERVE_NOW')";

    /// <summary>When a relay ended it (NULL while it runs, as far as its relays say; see the remarks).</summary>
    public const string EndedAt = $"""
        CASE WHEN {HeldSince} > COALESCE({EndedSince}, -1) THEN NULL ELSE COALESCE({EndedSince}, {LastReserveResult}) END
        """;
}
