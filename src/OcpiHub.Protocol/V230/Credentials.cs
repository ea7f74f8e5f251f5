using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Credentials module, 2.3.0 (canonical). 2.2.1 uses these types too (2.3.0 added hub_party_id).

/// <summary>Credentials a party gives another: token, versions URL and who it is.</summary>
public sealed record Credentials : OcpiObject
{
    [Required, Str(64)] public string? Token { get; init; }
    [Required, Url] public string? Url { get; init; }
    [CiStr(5)] public string? HubPartyId { get; init; }
    [Required, NonEmpty] public IReadOnlyList<CredentialsRole>? Roles { get; init; }
}

/// <summary>One role a platform plays: party ids and business details.</summary>
public sealed record CredentialsRole : OcpiObject
{
    [Required] public Role? Role { get; init; }
    [Required] public BusinessDetails? BusinessDetails { get; init; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
}
