using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Tokens module, 2.1.1 types that differ from 2.3.0.

/// <summary>A token of an eMSP that a driver charges with.</summary>
public sealed record Token : OcpiObject
{
    [Required, Str(36)] public string? Uid { get; init; }
    [Required] public TokenType? Type { get; init; }
    [Str(64)] public string? VisualNumber { get; init; }
    [Required, Str(64)] public string? Issuer { get; init; }
    [Required] public bool? Valid { get; init; }
    [Required] public WhitelistType? Whitelist { get; init; }
    [Format(TextFormat.Language)] public string? Language { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
    [Required, Str(36)] public string? AuthId { get; init; }
}

/// <summary>The eMSP's answer to a real-time authorization.</summary>
public sealed record AuthorizationInfo : OcpiObject
{
    [Required] public AllowedType? Allowed { get; init; }
    public LocationReferences? Location { get; init; }
    public DisplayText? Info { get; init; }
}

/// <summary>Where a driver wants to charge: a Location and some of its EVSEs.</summary>
public sealed record LocationReferences : OcpiObject
{
    [Required, Str(39)] public string? LocationId { get; init; }
    [Str(39)] public IReadOnlyList<string>? EvseUids { get; init; }
    [Str(36)] public IReadOnlyList<string>? ConnectorIds { get; init; }
}
