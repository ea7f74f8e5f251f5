using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Tokens module, 2.1.1 types that differ from 2.3.0.

/// <summary>A token of an eMSP that a driver charges with.</summary>
public sealed record Token : OcpiObject
{
    [Required, Str(36)] public string? Uid { get; set; }
    [Required] public TokenType? Type { get; set; }
    [Str(64)] public string? VisualNumber { get; set; }
    [Required, Str(64)] public string? Issuer { get; set; }
    [Required] public bool? Valid { get; set; }
    [Required] public WhitelistType? Whitelist { get; set; }
    [Format(TextFormat.Language)] public string? Language { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
    [Required, Str(36)] public string? AuthId { get; set; }
}

/// <summary>The eMSP's answer to a real-time authorization.</summary>
public sealed record AuthorizationInfo : OcpiObject
{
    [Required] public AllowedType? Allowed { get; set; }
    public LocationReferences? Location { get; set; }
    public DisplayText? Info { get; set; }
}

/// <summary>Where a driver wants to charge: a Location and some of its EVSEs.</summary>
public sealed record LocationReferences : OcpiObject
{
    [Required, Str(39)] public string? LocationId { get; set; }
    [Str(39)] public IReadOnlyList<string>? EvseUids { get; set; }
    [Str(36)] public IReadOnlyList<string>? ConnectorIds { get; set; }
}
