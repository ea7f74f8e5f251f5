using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using V230 = OcpiHub.Protocol.V230;
using V211 = OcpiHub.Protocol.V211;

namespace OcpiHub.Server.Commands;

/// <summary>One command of the Commands module: its routing kind and the model its body is read as, per version.</summary>
public sealed record CommandKind(string Name, RealTimeKind Kind, Type Model, Type? Model211)
{
    public static IReadOnlyList<CommandKind> All { get; } =
    [
        new("START_SESSION", RealTimeKind.StartSession, typeof(V230.StartSession), typeof(V211.StartSession)),
        new("STOP_SESSION", RealTimeKind.StopSession, typeof(V230.StopSession), typeof(V230.StopSession)),
        new("RESERVE_NOW", RealTimeKind.ReserveNow, typeof(V230.ReserveNow), typeof(V211.ReserveNow)),
        // 2.1.1 has no CANCEL_RESERVATION.
        new("CANCEL_RESERVATION", RealTimeKind.CancelReservation, typeof(V230.CancelReservation), null),
        new("UNLOCK_CONNECTOR", RealTimeKind.UnlockConnector, typeof(V230.UnlockConnector), typeof(V230.UnlockConnector)),
    ];

    /// <summary>The command named in a URL (as OCPI writes it, upper case), or null.</summary>
    public static CommandKind? Named(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The body's model in <paramref name="version"/>; null where the version lacks the command.</summary>
    public Type? ModelIn(OcpiVersion version) => version == OcpiVersion.V211 ? Model211 : Model;
}
