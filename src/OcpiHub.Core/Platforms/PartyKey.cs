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
        var valid = IsCountryCode(countryCode) && IsPartyId(partyId);
        key = valid ? new PartyKey(countryCode!, partyId!) : default;
        return valid;
    }

    /// <summary>A country code as OCPI writes it: two letters (ISO 3166-1 alpha-2).</summary>
    public static bool IsCountryCode(string? text) => text is { Length: 2 } && text.All(char.IsAsciiLetter);

    /// <summary>A party id as OCPI writes it: three letters or digits.</summary>
    public static bool IsPartyId(string? text) => text is { Length: 3 } && text.All(char.IsAsciiLetterOrDigit);

    /// <summary>Parses <c>NL*ABC</c> (also <c>NL-ABC</c> and <c>NLABC</c>, as operators write them).</summary>
    public static bool TryParse(string? text, out PartyKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var compact = text.Trim().Replace("*", "").Replace("-", "");
        return compact.Length == 5 && TryFrom(compact[..2], compact[2..], out key);
    }
}
