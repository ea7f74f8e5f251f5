using System.Security.Cryptography;
using System.Text;

namespace OcpiHub.Core.Security;

/// <summary>
/// Encrypts the tokens the hub must send (outbound tokens cannot be hashed) with AES-GCM under the hub's key,
/// so a copy of the database alone reveals none of them.
/// </summary>
public sealed class SecretCipher(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

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

    public string Decrypt(string sealedText)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
