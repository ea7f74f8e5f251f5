using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Hub Client Info module (2.2.1 and 2.3.0, unchanged).

/// <summary>Connection state of a party connected to the hub.</summary>
public sealed record ClientInfo : OcpiObject
{
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [Required] public Role? Role { get; set; }
    [Required] public ConnectionStatus? Status { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}
