namespace OcpiHub.Core.Platforms;

/// <summary>
/// A party's identity: country code and party id. Both are CiStrings, so the key is kept upper-case and
/// compares case-insensitively; written as <c>NL*ABC</c>.
/// </summary>
public readonly record struct PartyKey
{
    public PartyKey(string countryCode, string partyId)
    {
        CountryCode = countryCode.ToUpperInvariant();
        PartyId = partyId.ToUpperInvariant();
    }

    public string CountryCode { get; }
    public string PartyId { get; }

    public override string ToString() => $"{CountryCode}*{PartyId}";

    /// <summary>The party OCPI names by its two fields (URL parts, headers, an object's ids): exactly two letters and three characters.</summary>
    public static bool TryFrom(string? countryCode, string? partyId, out PartyKey key)
    {
        key = default;
        return countryCode is { Length: 2 } && partyId is { Length: 3 } && TryParse($"{countryCode}*{partyId}", out key);
    }

    /// <summary>Parses <c>NL*ABC</c> (also <c>NL-ABC</c> and <c>NLABC</c>, as operators write them).</summary>
    public static bool TryParse(string? text, out PartyKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var compact = text.Trim().Replace("*", "").Replace("-", "");
        if (compact.Length != 5 || !compact[..2].All(char.IsAsciiLetter) || !compact[2..].All(char.IsAsciiLetterOrDigit))
            return false;
        key = new PartyKey(compact[..2], compact[2..]);
        return true;
    }
}
