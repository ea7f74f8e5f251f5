using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;
using OcpiHub.Server.ChargingProfiles;

namespace OcpiHub.Server.Commands;

/// <summary>
/// The asynchronous results a relay carries back: a CommandResult for a command, the *Result of a charging-profile
/// request (<see cref="ChargingProfileRequest"/>). One relay mechanism, parameterised by what the relay was opened for.
/// </summary>
public static class RelayedResults
{
    /// <summary>The canonical model of the result of <paramref name="command"/> (a relay's <c>command</c>).</summary>
    public static Type ModelOf(string command) => ChargingProfileRequest.Named(command)?.ResultModel ?? typeof(CommandResult);

    /// <summary>The module whose sender interface takes the result: where the hub's response URL points.</summary>
    public static string ModuleOf(string command) => ChargingProfileRequest.Named(command) is null ? "commands" : "chargingprofiles";

    /// <summary>The result's value, as the relay table records it.</summary>
    public static string ValueOf(object result) => result switch
    {
        CommandResult r => r.Result!.Value.Value,
        ActiveChargingProfileResult r => r.Result!.Value.Value,
        ChargingProfileResult r => r.Result!.Value.Value,
        ClearProfileResult r => r.Result!.Value.Value,
        _ => throw new ArgumentException($"{result.GetType().Name} is no relayed result"),
    };

    /// <summary>
    /// What the hub tells the eMSP when no result came in time: TIMEOUT for a command; a charging-profile result has
    /// no such value, so REJECTED (the profile was not confirmed).
    /// </summary>
    public static object TimeoutOf(string command) => ChargingProfileRequest.Named(command)?.Name switch
    {
        null => new CommandResult { Result = CommandResultType.Timeout },
        "GET_ACTIVE_PROFILE" => new ActiveChargingProfileResult { Result = ChargingProfileResultType.Rejected },
        "SET_PROFILE" => new ChargingProfileResult { Result = ChargingProfileResultType.Rejected },
        _ => new ClearProfileResult { Result = ChargingProfileResultType.Rejected },
    };
}
