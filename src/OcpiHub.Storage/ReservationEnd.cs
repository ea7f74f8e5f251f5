namespace OcpiHub.Storage;

/// <summary>
/// When a reservation the hub forwarded (<c>command_reservations r</c>) ended other than by its expiry_date: one
/// definition for the routing of CANCEL_RESERVATION (running reservations only) and for the retention (ended ones).
/// </summary>
internal static class ReservationEnd
{
    /// <summary>The relays that can end reservation <c>r</c>: the eMSP's CANCEL_RESERVATION, and the RESERVE_NOW that made it.</summary>
    public const string Joins = """
        LEFT JOIN command_relays cancel ON cancel.id = r.cancelled_by
        LEFT JOIN command_relays reserve ON reserve.id = r.reserved_by
        """;

    /// <summary>
    /// When a relay ended it (NULL while none did): the eMSP's CANCEL_RESERVATION once its result is ACCEPTED (the
    /// synchronous ACCEPTED only says the CPO took the request), or the CPO's own cancellation, a later result
    /// CANCELED_RESERVATION of the RESERVE_NOW (OCPI 2.2.1+).
    /// </summary>
    public const string EndedAt = $"""
        CASE WHEN cancel.result = 'ACCEPTED' THEN cancel.finished_at
            WHEN reserve.result = '{Core.Commands.CommandRelay.CanceledReservation}' THEN reserve.finished_at END
        """;
}
