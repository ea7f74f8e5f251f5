using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Tokens module, 2.3.0 (canonical); unchanged from 2.2.1 but for the EMAID token type.

/// <summary>A token of an eMSP that a driver charges with.</summary>
public sealed record Token : OcpiObject
{
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, CiStr(36)] public string? Uid { get; set; }
    [Required] public TokenType? Type { get; set; }
    [Required, CiStr(36)] public string? ContractId { get; set; }
    [Str(64)] public string? VisualNumber { get; set; }
    [Required, Str(64)] public string? Issuer { get; set; }
    [CiStr(36)] public string? GroupId { get; set; }
    [Required] public bool? Valid { get; set; }
    [Required] public WhitelistType? Whitelist { get; set; }
    [Format(TextFormat.Language)] public string? Language { get; set; }
    public ProfileType? DefaultProfileType { get; set; }
    public EnergyContract? EnergyContract { get; set; }
    [Required, RequiredInPatch(OcpiVersion.V221)] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>The eMSP's answer to a real-time authorization.</summary>
public sealed record AuthorizationInfo : OcpiObject
{
    [Required] public AllowedType? Allowed { get; set; }
    [Required] public Token? Token { get; set; }
    public LocationReferences? Location { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
    public DisplayText? Info { get; set; }
}

/// <summary>Where a driver wants to charge: a Location and some of its EVSEs.</summary>
public sealed record LocationReferences : OcpiObject
{
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [CiStr(36)] public IReadOnlyList<string>? EvseUids { get; set; }
}

/// <summary>The energy supply contract of a driver.</summary>
public sealed record EnergyContract : OcpiObject
{
    [Required, Str(64)] public string? SupplierName { get; set; }
    [Str(64)] public string? ContractId { get; set; }
}
