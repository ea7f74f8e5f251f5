using OcpiHub.Core.Data;

namespace OcpiHub.Core.Commands;

/// <summary>The hub's response URLs of forwarded commands, and the reservations it forwarded.</summary>
public interface ICommandStore
{
    Task CreateAsync(CommandRelay relay, CancellationToken cancellationToken = default);

    Task<CommandRelay?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every relay of one correlation id (normally one), oldest first.</summary>
    Task<IReadOnlyList<CommandRelay>> ByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the CPO's synchronous answer, the state it leaves (<see cref="CommandState.Answered"/>, or
    /// <see cref="CommandState.Failed"/> for an error) and the time the hub waits for the result until; a result that
    /// came first keeps its state.
    /// </summary>
    Task AnsweredAsync(string id, string answer, CommandState state, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: closes a relay that still awaits its result (<paramref name="state"/>: result relayed or
    /// timed out, with <paramref name="result"/>) and enqueues <paramref name="delivery"/> of it to the eMSP. False,
    /// and nothing queued, when it no longer awaits one (a second result, or one after the timeout).
    /// </summary>
    Task<bool> CloseAsync(string id, CommandState state, string result, NewDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Accepted commands whose result is overdue at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<CommandRelay>> OverdueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Remembers (or replaces) an eMSP's reservation at a CPO.</summary>
    Task RememberReservationAsync(ReservationOwner reservation, CancellationToken cancellationToken = default);

    /// <summary>The CPO accepted a CANCEL_RESERVATION of the reservation (relay <paramref name="cancelRelayId"/>): once its result is ACCEPTED, the reservation is over.</summary>
    Task CancellingReservationAsync(ReservationOwner reservation, string cancelRelayId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The CPOs holding an eMSP's running reservation of that id (not expired, not cancelled), the most recently made
    /// first: a reservation id is unique only between one eMSP and one CPO (OCPI 2.2.1, Commands), so the eMSP may
    /// hold one at several, or reuse one at another CPO once the first is over.
    /// </summary>
    Task<IReadOnlyList<ReservationOwner>> FindReservationsAsync(Platforms.PartyKey emsp, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The hub's number for <paramref name="emsp"/>'s reservation <paramref name="reservationId"/> at the 2.1.1 CPO
    /// <paramref name="cpo"/> (integer ids, and no way to tell the hub's eMSPs apart): unique at the CPO, and the same
    /// for the same reservation again.
    /// </summary>
    Task<int> ReservationNumberAsync(Platforms.PartyKey cpo, Platforms.PartyKey emsp, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>Remembers (or replaces) the party whose charging profile a CPO accepted on one of its sessions.</summary>
    Task RememberProfileSetterAsync(ProfileSetter setter, CancellationToken cancellationToken = default);

    Task<ProfileSetter?> FindProfileSetterAsync(Platforms.PartyKey cpo, string sessionId, CancellationToken cancellationToken = default);
}
