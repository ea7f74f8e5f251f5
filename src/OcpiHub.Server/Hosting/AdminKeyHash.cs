using System.Security.Cryptography;
using System.Text;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The admin API key as the hub keeps it: a salted PBKDF2-SHA256 hash, written <c>pbkdf2-sha256$iterations$salt$hash</c>
/// (Base64), so that a copied file gives no access. A generated key is 32 random bytes, which no one guesses: the
/// iterations guard against a weak configured key, and stay moderate because every admin call checks the key.
/// </summary>
public sealed class AdminKeyHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 20_000;
    private const int Size = 32;

    private readonly int iterations;
    private readonly byte[] salt;
    private readonly byte[] hash;
    private byte[]? verified;

    private AdminKeyHash(int iterations, byte[] salt, byte[] hash)
    {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    public static AdminKeyHash Of(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new(Iterations, salt, Derive(key, salt, Iterations));
    }

    /// <summary>Whether <paramref name="text"/> is a hash as written here (an older hub wrote the key itself).</summary>
    public static bool IsHash(string text) => text.StartsWith(Scheme + "$", StringComparison.Ordinal);

    /// <summary>The hash written in <paramref name="text"/>; one that is not is a <see cref="HubConfigurationException"/> naming <paramref name="source"/>.</summary>
    public static AdminKeyHash Parse(string text, string source)
    {
        var parts = text.Split('$');
        try
        {
            if (parts.Length == 4 && parts[0] == Scheme && int.TryParse(parts[1], out var iterations) && iterations > 0
                && Convert.FromBase64String(parts[2]) is { Length: > 0 } salt && Convert.FromBase64String(parts[3]) is { Length: Size } hash)
                return new(iterations, salt, hash);
        }
        catch (FormatException)
        {
            // Reported below.
        }
        throw new HubConfigurationException($"{source} is not an admin key hash ({Scheme}$iterations$salt$hash)");
    }

    /// <summary>
    /// Whether <paramref name="presented"/> is the key that verified last, known by its SHA-256: the admin API (a
    /// dashboard polls it) costs a hash a call, not a derivation. A rotated key is a new instance: none known.
    /// </summary>
    public bool VerifiedBefore(string presented) =>
        Volatile.Read(ref verified) is { } known && CryptographicOperations.FixedTimeEquals(Digest(presented), known);

    /// <summary>Whether <paramref name="presented"/> is the key, compared in constant time; derived unless it verified before.</summary>
    public bool Verifies(string presented)
    {
        if (VerifiedBefore(presented))
            return true;
        if (!CryptographicOperations.FixedTimeEquals(Derive(presented, salt, iterations), hash))
            return false;
        Volatile.Write(ref verified, Digest(presented));
        return true;
    }

    public override string ToString() => $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static byte[] Derive(string key, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(key), salt, iterations, HashAlgorithmName.SHA256, Size);
}
