namespace OcpiHub.Protocol.Enums;

/// <summary>The commands of the Commands module. Spec: <c>CommandType</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<CommandType>))]
public readonly record struct CommandType(string Value) : IOcpiEnum<CommandType>
{
    public static readonly CommandType ReserveNow = new("RESERVE_NOW");
    public static readonly CommandType StartSession = new("START_SESSION");
    public static readonly CommandType StopSession = new("STOP_SESSION");
    public static readonly CommandType UnlockConnector = new("UNLOCK_CONNECTOR");
    public static readonly CommandType CancelReservation = new("CANCEL_RESERVATION");

    public static EnumDomain Domain { get; } = EnumDomain.Open("RESERVE_NOW", "START_SESSION", "STOP_SESSION", "UNLOCK_CONNECTOR")
        .Since(OcpiVersion.V221, "CANCEL_RESERVATION");

    public static CommandType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Synchronous answer to a command (2.1.1: also its asynchronous result). Spec: <c>CommandResponseType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<CommandResponseType>))]
public readonly record struct CommandResponseType(string Value) : IOcpiEnum<CommandResponseType>
{
    public static readonly CommandResponseType NotSupported = new("NOT_SUPPORTED");
    public static readonly CommandResponseType Rejected = new("REJECTED");
    public static readonly CommandResponseType Accepted = new("ACCEPTED");
    public static readonly CommandResponseType UnknownSession = new("UNKNOWN_SESSION");
    public static readonly CommandResponseType Timeout = new("TIMEOUT");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("NOT_SUPPORTED", "REJECTED", "ACCEPTED", "UNKNOWN_SESSION")
        .Until(OcpiVersion.V211, "TIMEOUT");

    public static CommandResponseType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Asynchronous result of a command (2.2.1+). Spec: <c>CommandResultType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<CommandResultType>))]
public readonly record struct CommandResultType(string Value) : IOcpiEnum<CommandResultType>
{
    public static readonly CommandResultType Accepted = new("ACCEPTED");
    public static readonly CommandResultType CanceledReservation = new("CANCELED_RESERVATION");
    public static readonly CommandResultType EvseOccupied = new("EVSE_OCCUPIED");
    public static readonly CommandResultType EvseInoperative = new("EVSE_INOPERATIVE");
    public static readonly CommandResultType Failed = new("FAILED");
    public static readonly CommandResultType NotSupported = new("NOT_SUPPORTED");
    public static readonly CommandResultType Rejected = new("REJECTED");
    public static readonly CommandResultType Timeout = new("TIMEOUT");
    public static readonly CommandResultType UnknownReservation = new("UNKNOWN_RESERVATION");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "ACCEPTED", "CANCELED_RESERVATION", "EVSE_OCCUPIED", "EVSE_INOPERATIVE", "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT", "UNKNOWN_RESERVATION");

    public static CommandResultType From(string value) => new(value);

    public override string ToString() => Value;
}
