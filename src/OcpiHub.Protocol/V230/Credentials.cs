using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Credentials module, 2.3.0 (canonical). 2.2.1 uses these types too (2.3.0 added hub_party_id).

/// <summary>Credentials a party gives another: token, versions URL and who it is.</summary>
public sealed record Credentials : OcpiObject, IValidatable
{
    [Required, Str(64)] public string? Token { get; set; }
    [Required, Url] public string? Url { get; set; }
    [CiStr(5)] public string? HubPartyId { get; set; }
    [Required, NonEmpty] public IReadOnlyList<CredentialsRole>? Roles { get; set; }

    public void Validate(ValidationScope scope)
    {
        // The country code and party id of the hub, concatenated.
        if (HubPartyId is { } hub && !(hub.Length == 5 && hub[..2].All(char.IsAsciiLetter) && hub[2..].All(char.IsAsciiLetterOrDigit)))
            scope.Problem("hub_party_id", $"'{hub}' is not a country code followed by a party id");
        // Every role needs a unique combination of role, party_id and country_code (case-insensitive CiStrings).
        var duplicates = (Roles ?? [])
            .Where(r => r is not null)
            .GroupBy(r => (r.Role?.Value, r.PartyId?.ToUpperInvariant(), r.CountryCode?.ToUpperInvariant()))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Item1} {g.Key.Item3}*{g.Key.Item2}");
        foreach (var duplicate in duplicates)
            scope.Problem("roles", $"{duplicate} is listed more than once");
    }
}

/// <summary>One role a platform plays: party ids and business details.</summary>
public sealed record CredentialsRole : OcpiObject
{
    [Required] public Role? Role { get; set; }
    [Required] public BusinessDetails? BusinessDetails { get; set; }
    [Required, Format(TextFormat.PartyId)] public string? PartyId { get; set; }
    [Required, Format(TextFormat.CountryCode)] public string? CountryCode { get; set; }
}
