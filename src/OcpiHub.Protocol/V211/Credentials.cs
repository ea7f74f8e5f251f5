using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V211;

// Credentials module, 2.1.1: one party per connection.

/// <summary>Credentials a party gives another: token, versions URL and who it is.</summary>
public sealed record Credentials : OcpiObject
{
    [Required, Str(64)] public string? Token { get; set; }
    [Required, Url] public string? Url { get; set; }
    [Required] public BusinessDetails? BusinessDetails { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
}
