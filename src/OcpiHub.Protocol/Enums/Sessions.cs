namespace OcpiHub.Protocol.Enums;

/// <summary>State of a session. Spec: <c>SessionStatus</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<SessionStatus>))]
public readonly record struct SessionStatus(string Value) : IOcpiEnum<SessionStatus>
{
    public static readonly SessionStatus Active = new("ACTIVE");
    public static readonly SessionStatus Completed = new("COMPLETED");
    public static readonly SessionStatus Invalid = new("INVALID");
    public static readonly SessionStatus Pending = new("PENDING");
    public static readonly SessionStatus Reservation = new("RESERVATION");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("ACTIVE", "COMPLETED", "INVALID", "PENDING")
        .Since(OcpiVersion.V221, "RESERVATION");

    public static SessionStatus From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>How a session was authorized. Spec: <c>AuthMethod</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<AuthMethod>))]
public readonly record struct AuthMethod(string Value) : IOcpiEnum<AuthMethod>
{
    public static readonly AuthMethod AuthRequest = new("AUTH_REQUEST");
    public static readonly AuthMethod Whitelist = new("WHITELIST");
    public static readonly AuthMethod Command = new("COMMAND");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("AUTH_REQUEST", "WHITELIST")
        .Since(OcpiVersion.V221, "COMMAND");

    public static AuthMethod From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>What a charging-period dimension measures. Spec: <c>CdrDimensionType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<CdrDimensionType>))]
public readonly record struct CdrDimensionType(string Value) : IOcpiEnum<CdrDimensionType>
{
    public static readonly CdrDimensionType Energy = new("ENERGY");
    public static readonly CdrDimensionType MaxCurrent = new("MAX_CURRENT");
    public static readonly CdrDimensionType MinCurrent = new("MIN_CURRENT");
    public static readonly CdrDimensionType ParkingTime = new("PARKING_TIME");
    public static readonly CdrDimensionType Time = new("TIME");
    public static readonly CdrDimensionType Flat = new("FLAT");
    public static readonly CdrDimensionType Current = new("CURRENT");
    public static readonly CdrDimensionType EnergyExport = new("ENERGY_EXPORT");
    public static readonly CdrDimensionType EnergyImport = new("ENERGY_IMPORT");
    public static readonly CdrDimensionType MaxPower = new("MAX_POWER");
    public static readonly CdrDimensionType MinPower = new("MIN_POWER");
    public static readonly CdrDimensionType Power = new("POWER");
    public static readonly CdrDimensionType ReservationTime = new("RESERVATION_TIME");
    public static readonly CdrDimensionType StateOfCharge = new("STATE_OF_CHARGE");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("ENERGY", "MAX_CURRENT", "MIN_CURRENT", "PARKING_TIME", "TIME")
        .Until(OcpiVersion.V211, "FLAT")
        .Since(OcpiVersion.V221, "CURRENT", "ENERGY_EXPORT", "ENERGY_IMPORT", "MAX_POWER", "MIN_POWER", "POWER", "RESERVATION_TIME", "STATE_OF_CHARGE");

    public static CdrDimensionType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Smart-charging preference of a driver (2.2.1+). Spec: <c>ProfileType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ProfileType>))]
public readonly record struct ProfileType(string Value) : IOcpiEnum<ProfileType>
{
    public static readonly ProfileType Cheap = new("CHEAP");
    public static readonly ProfileType Fast = new("FAST");
    public static readonly ProfileType Green = new("GREEN");
    public static readonly ProfileType Regular = new("REGULAR");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "CHEAP", "FAST", "GREEN", "REGULAR");

    public static ProfileType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Answer to a charging-preferences PUT (2.2.1+). Spec: <c>ChargingPreferencesResponse</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ChargingPreferencesResponse>))]
public readonly record struct ChargingPreferencesResponse(string Value) : IOcpiEnum<ChargingPreferencesResponse>
{
    public static readonly ChargingPreferencesResponse Accepted = new("ACCEPTED");
    public static readonly ChargingPreferencesResponse DepartureRequired = new("DEPARTURE_REQUIRED");
    public static readonly ChargingPreferencesResponse EnergyNeedRequired = new("ENERGY_NEED_REQUIRED");
    public static readonly ChargingPreferencesResponse NotPossible = new("NOT_POSSIBLE");
    public static readonly ChargingPreferencesResponse ProfileTypeNotSupported = new("PROFILE_TYPE_NOT_SUPPORTED");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "ACCEPTED", "DEPARTURE_REQUIRED", "ENERGY_NEED_REQUIRED", "NOT_POSSIBLE", "PROFILE_TYPE_NOT_SUPPORTED");

    public static ChargingPreferencesResponse From(string value) => new(value);

    public override string ToString() => Value;
}
