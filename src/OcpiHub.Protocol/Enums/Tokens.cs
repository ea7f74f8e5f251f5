namespace OcpiHub.Protocol.Enums;

/// <summary>Kind of token. Spec: <c>TokenType</c> (OpenEnum in 2.3.0).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<TokenType>))]
public readonly record struct TokenType(string Value) : IOcpiEnum<TokenType>
{
    public static readonly TokenType Other = new("OTHER");
    public static readonly TokenType Rfid = new("RFID");
    public static readonly TokenType AdHocUser = new("AD_HOC_USER");
    public static readonly TokenType AppUser = new("APP_USER");
    public static readonly TokenType Emaid = new("EMAID");

    public static EnumDomain Domain { get; } = EnumDomain.Open("OTHER", "RFID")
        .Since(OcpiVersion.V221, "AD_HOC_USER", "APP_USER")
        .Since(OcpiVersion.V230, "EMAID");

    public static TokenType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>When a CPO may skip real-time authorization. Spec: <c>WhitelistType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<WhitelistType>))]
public readonly record struct WhitelistType(string Value) : IOcpiEnum<WhitelistType>
{
    public static readonly WhitelistType Always = new("ALWAYS");
    public static readonly WhitelistType Allowed = new("ALLOWED");
    public static readonly WhitelistType AllowedOffline = new("ALLOWED_OFFLINE");
    public static readonly WhitelistType Never = new("NEVER");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("ALWAYS", "ALLOWED", "ALLOWED_OFFLINE", "NEVER");

    public static WhitelistType From(string value) => new(value);

    public override string ToString() => Value;
}

/// <summary>Outcome of an authorization (2.1.1 Allowed). Spec: <c>AllowedType</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Json.OcpiEnumConverter<AllowedType>))]
public readonly record struct AllowedType(string Value) : IOcpiEnum<AllowedType>
{
    public static readonly AllowedType Allowed = new("ALLOWED");
    public static readonly AllowedType Blocked = new("BLOCKED");
    public static readonly AllowedType Expired = new("EXPIRED");
    public static readonly AllowedType NoCredit = new("NO_CREDIT");
    public static readonly AllowedType NotAllowed = new("NOT_ALLOWED");

    public static EnumDomain Domain { get; } = EnumDomain.Closed("ALLOWED", "BLOCKED", "EXPIRED", "NO_CREDIT", "NOT_ALLOWED");

    public static AllowedType From(string value) => new(value);

    public override string ToString() => Value;
}
