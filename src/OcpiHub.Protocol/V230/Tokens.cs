using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Tokens module, 2.3.0 (canonical); unchanged from 2.2.1 but for the EMAID token type.

/// <summary>A token of an eMSP that a driver charges with.</summary>
public sealed record Token : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, CiStr(36)] public string? Uid { get; init; }
    [Required] public TokenType? Type { get; init; }
    [Required, CiStr(36)] public string? ContractId { get; init; }
    [Str(64)] public string? VisualNumber { get; init; }
    [Required, Str(64)] public string? Issuer { get; init; }
    [CiStr(36)] public string? GroupId { get; init; }
    [Required] public bool? Valid { get; init; }
    [Required] public WhitelistType? Whitelist { get; init; }
    [Format(TextFormat.Language)] public string? Language { get; init; }
    public ProfileType? DefaultProfileType { get; init; }
    public EnergyContract? EnergyContract { get; init; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>The eMSP's answer to a real-time authorization.</summary>
public sealed record AuthorizationInfo : OcpiObject
{
    [Required] public AllowedType? Allowed { get; init; }
    [Required] public Token? Token { get; init; }
    public LocationReferences? Location { get; init; }
    [CiStr(36)] public string? AuthorizationReference { get; init; }
    public DisplayText? Info { get; init; }
}

/// <summary>Where a driver wants to charge: a Location and some of its EVSEs.</summary>
public sealed record LocationReferences : OcpiObject
{
    [Required, CiStr(36)] public string? LocationId { get; init; }
    [CiStr(36)] public IReadOnlyList<string>? EvseUids { get; init; }
}

/// <summary>The energy supply contract of a driver.</summary>
public sealed record EnergyContract : OcpiObject
{
    [Required, Str(64)] public string? SupplierName { get; init; }
    [Str(64)] public string? ContractId { get; init; }
}
