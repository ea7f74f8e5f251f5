using System.Security.Cryptography;
using System.Text;

namespace OcpiHub.Core.Security;

/// <summary>Credentials tokens: generated, hashed for storage, and read from an Authorization header.</summary>
public static class Tokens
{
    /// <summary>A new token: 32 random bytes, base64url (43 printable characters, within OCPI's 64).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>How an inbound token is stored: a leaked database reveals no token (tokens are random, so SHA-256 suffices).</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two hashes without leaking, by timing, how much of them matched.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>
    /// The tokens an <c>Authorization: Token …</c> value may carry: as sent (2.1.1, and the many 2.2 peers that
    /// do not encode) and Base64-decoded (2.2.1+), trailing whitespace trimmed (spec examples encode a newline).
    /// </summary>
    public static IReadOnlyList<string> Candidates(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Token ", StringComparison.OrdinalIgnoreCase))
            return [];
        var value = authorization[6..].Trim();
        if (value.Length == 0)
            return [];
        var candidates = new List<string> { value };
        if (TryDecodeBase64(value) is { Length: > 0 } decoded && decoded != value)
            candidates.Add(decoded);
        return candidates;
    }

    /// <summary>The header value for an outbound request with <paramref name="token"/>.</summary>
    public static string Header(string token, bool base64) =>
        "Token " + (base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(token)) : token);

    private static string? TryDecodeBase64(string value)
    {
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, written).TrimEnd();
        return text.All(c => c is > ' ' and <= '~') ? text : null;
    }
}
