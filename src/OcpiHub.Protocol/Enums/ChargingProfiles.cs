namespace OcpiHub.Protocol.Enums;

/// <summary>Synchronous answer to a charging-profile request (2.2.1+). Spec: <c>ChargingProfileResponseType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ChargingProfileResponseType>))]
public readonly record struct ChargingProfileResponseType(string Value) : IOcpiEnum<ChargingProfileResponseType>
{
    public static readonly ChargingProfileResponseType Accepted = new("ACCEPTED");
    public static readonly ChargingProfileResponseType NotSupported = new("NOT_SUPPORTED");
    public static readonly ChargingProfileResponseType Rejected = new("REJECTED");
    public static readonly ChargingProfileResponseType TooOften = new("TOO_OFTEN");
    public static readonly ChargingProfileResponseType UnknownSession = new("UNKNOWN_SESSION");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "ACCEPTED", "NOT_SUPPORTED", "REJECTED", "TOO_OFTEN", "UNKNOWN_SESSION");

    public static ChargingProfileResponseType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Asynchronous result of a charging-profile request (2.2.1+). Spec: <c>ChargingProfileResultType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ChargingProfileResultType>))]
public readonly record struct ChargingProfileResultType(string Value) : IOcpiEnum<ChargingProfileResultType>
{
    public static readonly ChargingProfileResultType Accepted = new("ACCEPTED");
    public static readonly ChargingProfileResultType Rejected = new("REJECTED");
    public static readonly ChargingProfileResultType Unknown = new("UNKNOWN");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "ACCEPTED", "REJECTED", "UNKNOWN");

    public static ChargingProfileResultType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Unit of a charging profile (2.2.1+). Spec: <c>ChargingRateUnit</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ChargingRateUnit>))]
public readonly record struct ChargingRateUnit(string Value) : IOcpiEnum<ChargingRateUnit>
{
    public static readonly ChargingRateUnit W = new("W");
    public static readonly ChargingRateUnit A = new("A");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "W", "A");

    public static ChargingRateUnit From(string value) => new(value);

    public override string ToString() => Value;
}
