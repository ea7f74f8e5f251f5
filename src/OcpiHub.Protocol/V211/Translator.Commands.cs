using System.Globalization;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using V230Commands = OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V211;

// Commands: StartSession and ReserveNow carry a 2.1.1 Token and ReserveNow an integer reservation id. 2.1.1
// answers a command with a CommandResponse without timeout and message, and posts its asynchronous result as a
// CommandResponse too, where 2.2.1+ posts a CommandResult. CANCEL_RESERVATION does not exist in 2.1.1: the hub
// answers it NOT_SUPPORTED rather than translating it.
public static partial class Translator
{
    /// <summary>
    /// The seconds a 2.2.1+ eMSP is told to wait for the result of a command sent to a CPO that gives no timeout (2.1.1
    /// has none; some 2.2.1+ CPOs leave it out). Long enough for a charge point behind a slow OCPP link; the spec sets no value.
    /// </summary>
    public const int DefaultCommandTimeout = 60;

    public static V230Commands.StartSession ToCanonical(StartSession command, TranslationContext context) => new()
    {
        ResponseUrl = command.ResponseUrl,
        Token = command.Token is null ? null : ToCanonical(command.Token, context),
        LocationId = command.LocationId,
        EvseUid = command.EvseUid,
        Extensions = command.Extensions,
    };

    public static StartSession FromCanonical(V230Commands.StartSession command, TranslationContext context)
    {
        context.Drop(command.ConnectorId, nameof(StartSession), "connector_id", To, "dropped: 2.1.1 starts on an EVSE, the charge point picks the connector");
        context.Drop(command.AuthorizationReference, nameof(StartSession), "authorization_reference", To, "dropped: a 2.1.1 CPO cannot echo it in its Session and CDR");
        return new()
        {
            ResponseUrl = command.ResponseUrl,
            Token = command.Token is null ? null : FromCanonical(command.Token, context),
            LocationId = command.LocationId,
            EvseUid = command.EvseUid,
            Extensions = Carry.Strip(command.Extensions),
        };
    }

    public static V230Commands.ReserveNow ToCanonical(ReserveNow command, TranslationContext context) => new()
    {
        ResponseUrl = command.ResponseUrl,
        Token = command.Token is null ? null : ToCanonical(command.Token, context),
        ExpiryDate = command.ExpiryDate,
        ReservationId = command.ReservationId?.ToString(CultureInfo.InvariantCulture),
        LocationId = command.LocationId,
        EvseUid = command.EvseUid,
        Extensions = command.Extensions,
    };

    public static ReserveNow FromCanonical(V230Commands.ReserveNow command, TranslationContext context)
    {
        context.Drop(command.AuthorizationReference, nameof(ReserveNow), "authorization_reference", To, "dropped: a 2.1.1 CPO cannot echo it in its Session and CDR");
        return new()
        {
            ResponseUrl = command.ResponseUrl,
            Token = command.Token is null ? null : FromCanonical(command.Token, context),
            ExpiryDate = command.ExpiryDate,
            ReservationId = ReservationIdFor211(command.ReservationId, context),
            LocationId = command.LocationId,
            EvseUid = command.EvseUid,
            Extensions = Carry.Strip(command.Extensions),
        };
    }

    // StopSession and UnlockConnector are the 2.3.0 types.
    public static V230Commands.StopSession ToCanonical(V230Commands.StopSession command, TranslationContext context) => command;

    public static V230Commands.StopSession FromCanonical(V230Commands.StopSession command, TranslationContext context) =>
        command with { Extensions = Carry.Strip(command.Extensions) };

    public static V230Commands.UnlockConnector ToCanonical(V230Commands.UnlockConnector command, TranslationContext context) => command;

    public static V230Commands.UnlockConnector FromCanonical(V230Commands.UnlockConnector command, TranslationContext context) =>
        command with { Extensions = Carry.Strip(command.Extensions) };

    /// <summary>
    /// The CPO's synchronous answer: 2.1.1 gives no timeout, so the eMSP gets <see cref="DefaultCommandTimeout"/>,
    /// marked as invented so the way back does not report it lost. TIMEOUT, a 2.1.1 answer only, is no synchronous
    /// answer from 2.2.1 on: the command was not accepted (REJECTED); the 2.1.1 value is carried for the way back.
    /// </summary>
    public static V230Commands.CommandResponse ToCanonical(V230Commands.CommandResponse response, TranslationContext context)
    {
        var timedOut = response.Result == CommandResponseType.Timeout;
        if (timedOut)
            context.Lost(nameof(V230Commands.CommandResponse), "result", To, OcpiVersion.V230, "'TIMEOUT' is no synchronous answer from 2.2.1 on; sent as 'REJECTED'");
        var invented = response.Timeout is null;
        return !timedOut && !invented ? response : response with
        {
            Result = timedOut ? CommandResponseType.Rejected : response.Result,
            Timeout = response.Timeout ?? DefaultCommandTimeout,
            Extensions = Carry.Up(response.Extensions, To,
                ("invented_timeout", invented ? JsonValue.Create(DefaultCommandTimeout) : null),
                ("result", timedOut ? JsonValue.Create(CommandResponseType.Timeout.Value) : null)),
        };
    }

    public static V230Commands.CommandResponse FromCanonical(V230Commands.CommandResponse response, TranslationContext context)
    {
        var carried = Carry.Of(response.Extensions, To);
        var invented = carried["invented_timeout"]?.GetValue<int>();
        if (response.Timeout != invented)
            context.Drop(response.Timeout, nameof(V230Commands.CommandResponse), "timeout", To, "dropped: a 2.1.1 eMSP is not told how long to wait for the result");
        context.Drop(response.Message, nameof(V230Commands.CommandResponse), "message", To, "dropped: a 2.1.1 CommandResponse has no message");
        var result = carried["result"]?.GetValue<string>() is { } original ? CommandResponseType.From(original) : response.Result;
        return response with { Result = result, Timeout = null, Message = null, Extensions = Carry.Strip(response.Extensions) };
    }

    /// <summary>
    /// A reservation id as 2.1.1 writes it (an integer), or null when it is none. The hub sends a 2.1.1 CPO numbers of
    /// its own (unique at the CPO across eMSPs), so an eMSP's id that is none never reaches this translation there.
    /// </summary>
    private static int? ReservationIdIn211(string reservationId) =>
        int.TryParse(reservationId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
        && number.ToString(CultureInfo.InvariantCulture) == reservationId ? number : null;

    private static int? ReservationIdFor211(string? reservationId, TranslationContext context)
    {
        if (reservationId is null)
            return null;
        if (ReservationIdIn211(reservationId) is { } number)
            return number;
        context.Lost(nameof(ReserveNow), "reservation_id", OcpiVersion.V230, To, $"'{reservationId}' is not a 2.1.1 integer id; left out");
        return null;
    }
}
