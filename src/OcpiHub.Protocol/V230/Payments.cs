using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Payments module of the 2.3.0 package "including Payments": terminals of a Payment Terminal Provider (PTP)
// and the confirmations of captured payments.

/// <summary>A payment terminal a PTP operates at a CPO's Locations or EVSEs.</summary>
public sealed record Terminal : OcpiObject
{
    [Required, CiStr(36)] public string? TerminalId { get; init; }
    [CiStr(36)] public string? CustomerReference { get; init; }
    [Format(TextFormat.PartyId)] public string? PartyId { get; init; }
    [Format(TextFormat.CountryCode)] public string? CountryCode { get; init; }
    [CiStr(45)] public string? Address { get; init; }
    [CiStr(45)] public string? City { get; init; }
    [CiStr(10)] public string? PostalCode { get; init; }
    [CiStr(20)] public string? State { get; init; }
    [Format(TextFormat.Country)] public string? Country { get; init; }
    public GeoLocation? Coordinates { get; init; }
    [Url] public string? InvoiceBaseUrl { get; init; }
    public InvoiceCreator? InvoiceCreator { get; init; }
    [CiStr(36)] public string? Reference { get; init; }
    [CiStr(36)] public IReadOnlyList<string>? LocationIds { get; init; }
    [CiStr(36)] public IReadOnlyList<string>? EvseUids { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}

/// <summary>The PTP's confirmation of a captured payment, tied to a session by its authorization reference.</summary>
public sealed record FinancialAdviceConfirmation : OcpiObject
{
    [Required, CiStr(36)] public string? Id { get; init; }
    [Required, CiStr(36)] public string? AuthorizationReference { get; init; }
    [Required] public Price? TotalCosts { get; init; }
    [Required, Format(TextFormat.Currency)] public string? Currency { get; init; }
    [Required, NonEmpty, CiStr(255)] public IReadOnlyList<string>? EftData { get; init; }
    [Required] public CaptureStatusCode? CaptureStatusCode { get; init; }
    [CiStr(255)] public string? CaptureStatusMessage { get; init; }
    [Required] public DateTimeOffset? LastUpdated { get; init; }
}
