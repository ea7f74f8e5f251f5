namespace OcpiHub.Protocol.Enums;

/// <summary>Role of a party (2.2.1+); HUB exists only in 2.2.1. Spec: <c>Role</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<Role>))]
public readonly record struct Role(string Value) : IOcpiEnum<Role>
{
    public static readonly Role Cpo = new("CPO");
    public static readonly Role Emsp = new("EMSP");
    public static readonly Role Nap = new("NAP");
    public static readonly Role Nsp = new("NSP");
    public static readonly Role Other = new("OTHER");
    public static readonly Role Scsp = new("SCSP");
    public static readonly Role Hub = new("HUB");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "CPO", "EMSP", "NAP", "NSP", "OTHER", "SCSP")
        .Until(OcpiVersion.V221, "HUB");

    public static Role From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Sender or receiver side of a module endpoint (2.2.1+). Spec: <c>InterfaceRole</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<InterfaceRole>))]
public readonly record struct InterfaceRole(string Value) : IOcpiEnum<InterfaceRole>
{
    public static readonly InterfaceRole Sender = new("SENDER");
    public static readonly InterfaceRole Receiver = new("RECEIVER");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "SENDER", "RECEIVER");

    public static InterfaceRole From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Connection state of a party in HubClientInfo (2.2.1+). Spec: <c>ConnectionStatus</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ConnectionStatus>))]
public readonly record struct ConnectionStatus(string Value) : IOcpiEnum<ConnectionStatus>
{
    public static readonly ConnectionStatus Connected = new("CONNECTED");
    public static readonly ConnectionStatus Offline = new("OFFLINE");
    public static readonly ConnectionStatus Planned = new("PLANNED");
    public static readonly ConnectionStatus Suspended = new("SUSPENDED");

    public static EnumDomain Domain { get; } = EnumDomain.Closed()
        .Since(OcpiVersion.V221, "CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED");

    public static ConnectionStatus From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Module identifier in version details. Spec: <c>ModuleID</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<ModuleId>))]
public readonly record struct ModuleId(string Value) : IOcpiEnum<ModuleId>
{
    public static readonly ModuleId Cdrs = new("cdrs");
    public static readonly ModuleId Commands = new("commands");
    public static readonly ModuleId Credentials = new("credentials");
    public static readonly ModuleId Locations = new("locations");
    public static readonly ModuleId Sessions = new("sessions");
    public static readonly ModuleId Tariffs = new("tariffs");
    public static readonly ModuleId Tokens = new("tokens");
    public static readonly ModuleId Chargingprofiles = new("chargingprofiles");
    public static readonly ModuleId Hubclientinfo = new("hubclientinfo");
    public static readonly ModuleId Payments = new("payments");

    public static EnumDomain Domain { get; } = EnumDomain.Open("cdrs", "commands", "credentials", "locations", "sessions", "tariffs", "tokens")
        .Since(OcpiVersion.V221, "chargingprofiles", "hubclientinfo")
        .Since(OcpiVersion.V230, "payments");

    public static ModuleId From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>An OCPI version as listed by the versions endpoint. Spec: <c>VersionNumber</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<VersionNumber>))]
public readonly record struct VersionNumber(string Value) : IOcpiEnum<VersionNumber>
{
    public static readonly VersionNumber V20 = new("2.0");
    public static readonly VersionNumber V21 = new("2.1");
    public static readonly VersionNumber V211 = new("2.1.1");
    public static readonly VersionNumber V22 = new("2.2");
    public static readonly VersionNumber V221 = new("2.2.1");
    public static readonly VersionNumber V230 = new("2.3.0");

    public static EnumDomain Domain { get; } = EnumDomain.Open("2.0", "2.1", "2.1.1")
        .Since(OcpiVersion.V221, "2.2", "2.2.1")
        .Since(OcpiVersion.V230, "2.3.0");

    public static VersionNumber From(string value) => new(value);

    public override string ToString() => Value;
}
