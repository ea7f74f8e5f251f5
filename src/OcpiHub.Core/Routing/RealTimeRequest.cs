using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Routing;

/// <summary>A request the hub forwards in real time, rather than storing and delivering it.</summary>
public enum RealTimeKind
{
    /// <summary>A CPO's <c>POST tokens/{uid}/authorize</c>: to the eMSP that owns the token.</summary>
    Authorization,
    /// <summary>The commands an eMSP sends a CPO (<c>POST commands/{command}</c>).</summary>
    StartSession,
    StopSession,
    ReserveNow,
    CancelReservation,
    UnlockConnector,
    /// <summary>An eMSP's charging-profile request (<c>GET/PUT/DELETE chargingprofiles/{session_id}</c>): to the CPO of the session.</summary>
    ChargingProfile,
    /// <summary>A CPO's <c>PUT chargingprofiles/{session_id}</c> of the ActiveChargingProfile: to the party that set a profile on the session.</summary>
    ActiveChargingProfile,
}

public static class RealTimeKinds
{
    /// <summary>The role that sends the request: the CPO asks for authorizations, the eMSP sends commands.</summary>
    public static string SenderRole(this RealTimeKind kind) => kind.SentByCpo() ? Party.Cpo : Party.Emsp;

    /// <summary>The role that answers it.</summary>
    public static string ReceiverRole(this RealTimeKind kind) => kind.SentByCpo() ? Party.Emsp : Party.Cpo;

    private static bool SentByCpo(this RealTimeKind kind) => kind is RealTimeKind.Authorization or RealTimeKind.ActiveChargingProfile;

    /// <summary>The commands that carry a Token, which must be the sending eMSP's own.</summary>
    public static bool CarriesToken(this RealTimeKind kind) => kind is RealTimeKind.StartSession or RealTimeKind.ReserveNow;

    /// <summary>
    /// The requests that name what belongs to one eMSP (a Session, a reservation): the sender reaches only its own,
    /// addressed or not.
    /// </summary>
    public static bool NamesSendersOwn(this RealTimeKind kind) =>
        kind is RealTimeKind.StopSession or RealTimeKind.CancelReservation or RealTimeKind.ChargingProfile;

    /// <summary>What the request is, for reasons: "ask for real-time authorization", "send START_SESSION".</summary>
    public static string Act(this RealTimeKind kind) => kind switch
    {
        RealTimeKind.Authorization => "ask for real-time authorization",
        RealTimeKind.StartSession => "send START_SESSION",
        RealTimeKind.StopSession => "send STOP_SESSION",
        RealTimeKind.ReserveNow => "send RESERVE_NOW",
        RealTimeKind.CancelReservation => "send CANCEL_RESERVATION",
        RealTimeKind.UnlockConnector => "send UNLOCK_CONNECTOR",
        RealTimeKind.ChargingProfile => "send a charging-profile request",
        RealTimeKind.ActiveChargingProfile => "send an ActiveChargingProfile",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown real-time request"),
    };
}

/// <summary>What the endpoint knows of a forwarded request once it has read it.</summary>
/// <param name="Caller">The authenticated platform.</param>
/// <param name="From">OCPI-from-country-code and OCPI-from-party-id; null when absent (the endpoint refuses them half-sent or malformed).</param>
/// <param name="To">OCPI-to-country-code and OCPI-to-party-id; null when absent.</param>
/// <param name="Hub">The hub's own identity: OCPI-to naming it is open routing.</param>
/// <param name="TokenOwner">
/// START_SESSION and RESERVE_NOW: the owner of the Token in the body (2.2.1+ <c>country_code</c>/<c>party_id</c>);
/// null where the body names none (2.1.1), and for the other kinds.
/// </param>
/// <param name="BroadcastUnknownTokens">Authorization: ask every agreed eMSP when no agreed owner is known (<c>Hub:Authorization:BroadcastUnknownTokens</c>).</param>
public sealed record RealTimeRequest(
    Platform Caller,
    RealTimeKind Kind,
    PartyKey? From,
    PartyKey? To,
    PartyKey Hub,
    PartyKey? TokenOwner = null,
    bool BroadcastUnknownTokens = false);

/// <summary>
/// A party whose stored object the request names. <paramref name="For"/>: the eMSP the object belongs to besides
/// its owner (a Session's or a reservation's eMSP), which alone may address it; null where anyone agreed may (a
/// Location, a Token), and for a Session whose token's eMSP the hub could not place, which no eMSP may address
/// (<see cref="RealTimeKinds.NamesSendersOwn"/>).
/// </summary>
public sealed record Holder(PartyKey Owner, PartyKey? For = null);

/// <summary>What the hub knows at the moment of a forwarded request.</summary>
/// <param name="KnownParties">Every party of every registered platform, with every role it plays.</param>
/// <param name="ActiveAgreements">The active roaming agreements, as (CPO, eMSP) pairs.</param>
/// <param name="Holders">
/// Who holds what the request names: the eMSPs with a stored Token of that uid and type (authorization), the
/// CPOs with a Location of that id (START_SESSION, RESERVE_NOW, UNLOCK_CONNECTOR), the CPOs with a Session of that
/// id (STOP_SESSION), the CPOs a running reservation of that id was sent to, the most recent first (CANCEL_RESERVATION). Not yet
/// filtered by agreement.
/// </param>
public sealed record RealTimeFacts(
    IReadOnlyDictionary<PartyKey, IReadOnlyList<string>> KnownParties,
    IReadOnlySet<(PartyKey Cpo, PartyKey Emsp)> ActiveAgreements,
    IReadOnlyList<Holder> Holders);
