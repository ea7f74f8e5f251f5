using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using V230Commands = OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V211;

// The asynchronous result of a command: a 2.1.1 CPO posts a CommandResponse (CommandResponseType), a 2.2.1+ CPO
// a CommandResult (CommandResultType). ACCEPTED, REJECTED, NOT_SUPPORTED and TIMEOUT exist in both.
public static partial class Translator
{
    private static readonly string[] ResultsInBoth = ["ACCEPTED", "REJECTED", "NOT_SUPPORTED", "TIMEOUT"];

    /// <summary>
    /// A 2.1.1 asynchronous result as a CommandResult. UNKNOWN_SESSION has no CommandResultType: the session is
    /// unknown, so the command was rejected (REJECTED); the 2.1.1 value is carried for the way back.
    /// </summary>
    public static V230Commands.CommandResult ToCanonicalResult(V230Commands.CommandResponse result, TranslationContext context)
    {
        var value = result.Result?.Value;
        var mapped = value is null ? null : ResultsInBoth.Contains(value) ? value : CommandResultType.Rejected.Value;
        return new()
        {
            Result = mapped is null ? null : CommandResultType.From(mapped),
            Message = result.Message,
            Extensions = Carry.Up(result.Extensions, To, ("result", mapped == value ? null : JsonValue.Create(value))),
        };
    }

    /// <summary>
    /// A CommandResult as a 2.1.1 asynchronous result. CANCELED_RESERVATION, EVSE_OCCUPIED, EVSE_INOPERATIVE,
    /// FAILED and UNKNOWN_RESERVATION have no 2.1.1 value: they become REJECTED, reported.
    /// </summary>
    public static V230Commands.CommandResponse FromCanonicalResult(V230Commands.CommandResult result, TranslationContext context)
    {
        var value = result.Result?.Value;
        var mapped = Carry.Of(result.Extensions, To)["result"]?.GetValue<string>()
            ?? (value is null || ResultsInBoth.Contains(value) ? value : CommandResponseType.Rejected.Value);
        if (value is not null && !ResultsInBoth.Contains(value) && mapped == CommandResponseType.Rejected.Value)
            context.Lost(nameof(V230Commands.CommandResult), "result", OcpiVersion.V230, To, $"'{value}' has no 2.1.1 value; sent as 'REJECTED'");
        context.Drop(result.Message, nameof(V230Commands.CommandResult), "message", To, "dropped: a 2.1.1 CommandResponse has no message");
        return new()
        {
            Result = mapped is null ? null : CommandResponseType.From(mapped),
            Extensions = Carry.Strip(result.Extensions),
        };
    }
}
