using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Commands;

/// <summary>Where a forwarded command stands.</summary>
public enum CommandState
{
    /// <summary>Sent to the CPO; its synchronous answer has not come yet.</summary>
    Forwarded,
    /// <summary>The CPO answered (<see cref="CommandRelay.Answer"/>); an ACCEPTED command waits for its result until <see cref="CommandRelay.ExpiresAt"/>.</summary>
    Answered,
    /// <summary>The CPO posted its result; it is queued for the eMSP's response URL.</summary>
    ResultRelayed,
    /// <summary>No result came in time; the hub queued a TIMEOUT result for the eMSP itself.</summary>
    TimedOut,
    /// <summary>
    /// The eMSP was answered with an error (the CPO's, or the hub's: no answer, or none it could read): it expects no
    /// result, so none is relayed.
    /// </summary>
    Failed,
}

/// <summary>
/// The hub's <c>response_url</c> of one forwarded command (or charging-profile request): the CPO posts its result to
/// the hub at <see cref="Id"/>, an unguessable id; the hub relays it to the eMSP's own <see cref="ResponseUrl"/>, in
/// the eMSP's <see cref="EmspVersion"/>. Stored, so a result still finds its way after a restart.
/// </summary>
public sealed record CommandRelay
{
    public required string Id { get; init; }

    /// <summary>The CommandType (START_SESSION …), or the charging-profile request.</summary>
    public required string Command { get; init; }

    public required string CorrelationId { get; init; }

    /// <summary>The eMSP's own response URL.</summary>
    public required string ResponseUrl { get; init; }

    public required string EmspPlatformId { get; init; }
    public required PartyKey Emsp { get; init; }
    public required OcpiVersion EmspVersion { get; init; }
    public required string CpoPlatformId { get; init; }
    public required PartyKey Cpo { get; init; }

    public CommandState State { get; init; } = CommandState.Forwarded;

    /// <summary>The CPO's synchronous answer: a CommandResponseType, or the error the eMSP was answered (OCPI 4002 …).</summary>
    public string? Answer { get; init; }

    /// <summary>The result relayed to the eMSP (canonical CommandResultType), TIMEOUT when the hub gave it.</summary>
    public string? Result { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the hub stops waiting for a result and tells the eMSP TIMEOUT (an accepted command only).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Whether a result is still awaited: nothing relayed yet.</summary>
    public bool AwaitsResult => State is CommandState.Forwarded or CommandState.Answered;

    /// <summary>The later result a CPO may post after its first: it cancels a reservation it accepted (2.2.1+).</summary>
    public const string CanceledReservation = "CANCELED_RESERVATION";

    /// <summary>
    /// Whether <paramref name="result"/> may be relayed now: any result while one is awaited; after an accepted
    /// RESERVE_NOW, the CPO's cancellation of the reservation, once (it posts it to the same response URL).
    /// </summary>
    public bool Takes(string result) => AwaitsResult
        || (Command == "RESERVE_NOW" && State == CommandState.ResultRelayed && Result == "ACCEPTED" && result == CanceledReservation);
}

/// <summary>
/// A reservation the hub forwarded, remembered so that CANCEL_RESERVATION finds the CPO that holds it; it runs until
/// <paramref name="ExpiresAt"/> (the RESERVE_NOW's expiry_date; null where unknown), unless cancelled first: by the eMSP,
/// or by the CPO through the relay of the RESERVE_NOW that made it (<paramref name="ReservedBy"/>).
/// </summary>
public sealed record ReservationOwner(PartyKey Emsp, string ReservationId, string CpoPlatformId, PartyKey Cpo, DateTimeOffset? ExpiresAt = null,
    string? ReservedBy = null);

/// <summary>The party that set a charging profile on a CPO's session: it gets the CPO's ActiveChargingProfile updates of it.</summary>
public sealed record ProfileSetter(PartyKey Cpo, string SessionId, string EmspPlatformId, PartyKey Emsp);
