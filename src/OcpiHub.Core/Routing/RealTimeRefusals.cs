using OcpiHub.Core.Platforms;
using OcpiHub.Protocol.Common;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Routing;

/// <summary>
/// The refusals of <see cref="RealTimeRouter"/> beyond those it shares with the data modules (<see cref="Refusals"/>).
/// An unknown token is 2004 (answered with HTTP 404 by the authorization endpoint, as OCPI says); the others reached
/// the OCPI layer and are answered with HTTP 200.
/// </summary>
internal static class RealTimeRefusals
{
    private const string ToHeaders = "OCPI-to-country-code and OCPI-to-party-id";

    public static Refuse UnknownToken() => new(OcpiStatusCodes.UnknownToken,
        "unknown token: no eMSP with a roaming agreement with this CPO is known to own it");

    public static Refuse ForeignToken(PartyKey tokenOwner, PartyKey sender) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        $"the token of this command belongs to {tokenOwner}, but the command is sent as {sender}: an eMSP may only use its own tokens");

    public static Refuse ReceiverInWrongRole(PartyKey to, IEnumerable<string> itsRoles, string expectedRole, RealTimeKind kind) =>
        new(OcpiStatusCodes.InvalidOrMissingParameters,
            $"{ToHeaders} name {to}, a {string.Join("/", itsRoles)} party, but only {expectedRole} parties {Answer(kind)}");

    /// <summary>What the request names is held by no party agreed with the sender.</summary>
    public static Refuse NothingToRoute(RealTimeKind kind) => kind switch
    {
        RealTimeKind.StopSession => new(OcpiStatusCodes.InvalidOrMissingParameters,
            "unknown session: no CPO with a roaming agreement with this eMSP has a session of that id for it"),
        RealTimeKind.ChargingProfile => new(OcpiStatusCodes.InvalidOrMissingParameters,
            "unknown session: no CPO with a roaming agreement with this eMSP has a session of that id charged on its token"),
        RealTimeKind.ActiveChargingProfile => new(OcpiStatusCodes.InvalidOrMissingParameters,
            "no party with a roaming agreement with this CPO set a charging profile on that session through the hub"),
        RealTimeKind.CancelReservation => new(OcpiStatusCodes.InvalidOrMissingParameters,
            "unknown reservation: no running reservation of that id went through the hub from this eMSP (none was made, or it expired or was cancelled)"),
        _ => new(OcpiStatusCodes.UnknownLocation,
            "unknown location: no CPO with a roaming agreement with this eMSP has a Location of that id"),
    };

    /// <summary>Addressed: the party named holds no Session or reservation of that id for the sender.</summary>
    public static Refuse NotHeldBy(PartyKey to, RealTimeKind kind) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        kind == RealTimeKind.CancelReservation
            ? $"unknown reservation: no running reservation of that id went to {to} through the hub from this eMSP (none was made, or it expired or was cancelled)"
            : $"unknown session: {to} has no session of that id for this eMSP");

    /// <summary>What the request names is held by several agreed parties: a Location id, or the sender's Session id at each.</summary>
    public static Refuse Ambiguous(RealTimeKind kind, IEnumerable<PartyKey> holders) => new(OcpiStatusCodes.InvalidOrMissingParameters,
        $"the {Named(kind)} is held by several parties ({string.Join(", ", holders)}): name the one meant in {ToHeaders}");

    private static string Named(RealTimeKind kind) => kind switch
    {
        RealTimeKind.StopSession or RealTimeKind.ChargingProfile or RealTimeKind.ActiveChargingProfile => "session id",
        _ => "location id",
    };

    private static string Answer(RealTimeKind kind) =>
        kind switch
        {
            RealTimeKind.Authorization => "answer real-time authorizations",
            RealTimeKind.ChargingProfile => "take charging profiles",
            RealTimeKind.ActiveChargingProfile => "receive ActiveChargingProfiles",
            _ => "take commands",
        };
}
