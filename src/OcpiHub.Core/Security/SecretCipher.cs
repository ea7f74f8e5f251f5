using System.Security.Cryptography;
using System.Text;

namespace OcpiHub.Core.Security;

/// <summary>
/// Encrypts the tokens the hub must send (outbound tokens cannot be hashed) with AES-GCM under the hub's key,
/// so a copy of the database alone reveals none of them. While a key is rotated, what was sealed under a
/// <paramref name="previous"/> key is still opened (AES-GCM's tag tells which key fits); new seals use the current one.
/// </summary>
public sealed class SecretCipher(byte[] key, IReadOnlyList<byte[]>? previous = null)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly IReadOnlyList<byte[]> previousKeys = previous ?? [];

    public const int KeySize = 32;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Names the current key without revealing it: every node with the same key computes the same text.</summary>
    public string Fingerprint => FingerprintOf(key);

    public IEnumerable<string> PreviousFingerprints => previousKeys.Select(FingerprintOf);

    private static string FingerprintOf(byte[] k) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(k, Encoding.UTF8.GetBytes("OcpiHub token key fingerprint")))[..16];

    public string Encrypt(string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[NonceSize + TagSize + plainBytes.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plain text; null when it is sealed under none of the keys (a node on another key sealed it, or it was altered).</summary>
    public string? TryDecrypt(string sealedText) => Open(sealedText, previousKeys.Prepend(key));

    /// <summary>Whether the current key opens it: one sealed under a previous key is sealed again during a rotation.</summary>
    public bool IsSealedUnderCurrentKey(string sealedText) => Open(sealedText, [key]) is not null;

    private static string? Open(string sealedText, IEnumerable<byte[]> keys)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        foreach (var candidate in keys)
        {
            using var aes = new AesGcm(candidate, TagSize);
            try
            {
                aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
                return Encoding.UTF8.GetString(plain);
            }
            catch (AuthenticationTagMismatchException)
            {
                // Not this key: the next one.
            }
        }
        return null;
    }
}
