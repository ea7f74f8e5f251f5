using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Hub Client Info module (2.2.1 and 2.3.0, unchanged).

/// <summary>Connection state of a party connected to the hub.</summary>
public sealed record ClientInfo : OcpiObject
{
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [Required] public Role? Role { get; init; }
    [Required] public ConnectionStatus? Status { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}
