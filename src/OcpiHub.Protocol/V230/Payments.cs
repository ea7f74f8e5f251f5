using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Payments module of the 2.3.0 package "including Payments": terminals of a Payment Terminal Provider (PTP)
// and the confirmations of captured payments.

/// <summary>A payment terminal a PTP operates at a CPO's Locations or EVSEs.</summary>
public sealed record Terminal : OcpiObject
{
    [Required, CiStr(36)] public string? TerminalId { get; set; }
    [CiStr(36)] public string? CustomerReference { get; set; }
    [Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
    [CiStr(45)] public string? Address { get; set; }
    [CiStr(45)] public string? City { get; set; }
    [CiStr(10)] public string? PostalCode { get; set; }
    [CiStr(20)] public string? State { get; set; }
    [Format(TextFormat.Country)] public string? Country { get; set; }
    public GeoLocation? Coordinates { get; set; }
    [Url] public string? InvoiceBaseUrl { get; set; }
    public InvoiceCreator? InvoiceCreator { get; set; }
    [CiStr(36)] public string? Reference { get; set; }
    [CiStr(36)] public IReadOnlyList<string>? LocationIds { get; set; }
    [CiStr(36)] public IReadOnlyList<string>? EvseUids { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}

/// <summary>The PTP's confirmation of a captured payment, tied to a session by its authorization reference.</summary>
public sealed record FinancialAdviceConfirmation : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; set; }
    [Required, CiStr(36)] public string? AuthorizationReference { get; set; }
    [Required] public Price? TotalCosts { get; set; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; set; }
    [Required, NonEmpty, CiStr(255)] public IReadOnlyList<string>? EftData { get; set; }
    [Required] public CaptureStatusCode? CaptureStatusCode { get; set; }
    [CiStr(255)] public string? CaptureStatusMessage { get; set; }
    [Required] public DateTimeOffset? LastUpdated { get; set; }
}
