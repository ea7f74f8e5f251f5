using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Commands: the 2.2.1 objects are the 2.3.0 types (2.3.0 only opened CommandType). Going down, the token of
// StartSession and ReserveNow goes through the Token translator and results are checked against 2.2.1's enums.
public static partial class Translator
{
    public static StartSession ToCanonical(StartSession command, TranslationContext context) => command;

    public static StartSession FromCanonical(StartSession command, TranslationContext context) => command with
    {
        Token = command.Token is null ? null : FromCanonical(command.Token, context),
        Extensions = Carry.Strip(command.Extensions),
    };

    public static ReserveNow ToCanonical(ReserveNow command, TranslationContext context) => command;

    public static ReserveNow FromCanonical(ReserveNow command, TranslationContext context) => command with
    {
        Token = command.Token is null ? null : FromCanonical(command.Token, context),
        Extensions = Carry.Strip(command.Extensions),
    };

    public static StopSession ToCanonical(StopSession command, TranslationContext context) => command;

    public static StopSession FromCanonical(StopSession command, TranslationContext context) =>
        command with { Extensions = Carry.Strip(command.Extensions) };

    public static CancelReservation ToCanonical(CancelReservation command, TranslationContext context) => command;

    public static CancelReservation FromCanonical(CancelReservation command, TranslationContext context) =>
        command with { Extensions = Carry.Strip(command.Extensions) };

    public static UnlockConnector ToCanonical(UnlockConnector command, TranslationContext context) => command;

    public static UnlockConnector FromCanonical(UnlockConnector command, TranslationContext context) =>
        command with { Extensions = Carry.Strip(command.Extensions) };

    public static CommandResponse ToCanonical(CommandResponse response, TranslationContext context) => response;

    /// <summary>TIMEOUT, a 2.1.1 answer, is no synchronous answer in 2.2.1: the command was not accepted (REJECTED).</summary>
    public static CommandResponse FromCanonical(CommandResponse response, TranslationContext context) => response with
    {
        Result = EnumTranslation.Down(response.Result, To, context, nameof(CommandResponse), "result", CommandResponseType.Rejected),
        Extensions = Carry.Strip(response.Extensions),
    };

    public static CommandResult ToCanonical(CommandResult result, TranslationContext context) => result;

    public static CommandResult FromCanonical(CommandResult result, TranslationContext context) => result with
    {
        Result = EnumTranslation.Down(result.Result, To, context, nameof(CommandResult), "result"),
        Extensions = Carry.Strip(result.Extensions),
    };
}
