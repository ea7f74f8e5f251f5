using OcpiHub.Core.Security;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The hub's own secrets: the admin API key (kept hashed, see <see cref="AdminKeyStore"/>) and the key that encrypts
/// outbound tokens at rest (with the keys it replaced, while a rotation is under way). Each comes from configuration
/// (<c>Hub:AdminKey</c>, <c>Hub:TokenKey</c>, <c>Hub:PreviousTokenKeys</c>), else from the secrets file every node
/// reads (<c>Hub:SecretsFile</c>), else from the data folder, generated there at first start, as a single hub needs
/// no set-up (the admin key is printed that once).
/// </summary>
public sealed class HubSecrets
{
    private readonly AdminKeyStore adminKey;

    private HubSecrets(AdminKeyStore adminKey, SecretCipher cipher)
    {
        this.adminKey = adminKey;
        Cipher = cipher;
    }

    public SecretCipher Cipher { get; }

    /// <summary>
    /// A partner token as stored, opened; null for none, or for one sealed under none of the hub's keys (a rotation
    /// ended before every node had sealed again): calling that partner then fails as without a token, never the caller.
    /// </summary>
    public string? OpenToken(string? sealedToken) => sealedToken is null ? null : Cipher.TryDecrypt(sealedToken);

    public static HubSecrets Load(HubOptions options, TextWriter announce)
    {
        Directory.CreateDirectory(options.DataFolder);
        var file = SecretsFile.Read(options.SecretsFile);
        var tokenKey = Key(options.TokenKey, "Hub:TokenKey") ?? Key(file.TokenKey, "TokenKey of Hub:SecretsFile")
                       ?? Convert.FromBase64String(ReadOrCreate(Path.Combine(options.DataFolder, "token.key"), () => Convert.ToBase64String(SecretCipher.NewKey())));
        var previous = options.PreviousTokenKeys.Concat(file.PreviousTokenKeys ?? []).Select(k => Key(k, "Hub:PreviousTokenKeys")!).ToList();
        return new(AdminKeyStore.Open(options, announce), new SecretCipher(tokenKey, previous));
    }

    /// <summary>The admin key's hash as now kept; a <see cref="HubConfigurationException"/> while its file cannot be read.</summary>
    public AdminKeyHash CurrentAdminKey() => adminKey.Current();

    private static string? Configured(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A token key as configured: Base64 of 32 bytes (<c>openssl rand -base64 32</c>).</summary>
    private static byte[]? Key(string? base64, string setting)
    {
        if (Configured(base64) is not { } text)
            return null;
        var key = new byte[SecretCipher.KeySize];
        return Convert.TryFromBase64String(text, key, out var length) && length == SecretCipher.KeySize
            ? key
            : throw new HubConfigurationException($"{setting} must be the Base64 of {SecretCipher.KeySize} random bytes (openssl rand -base64 32)");
    }

    private static string ReadOrCreate(string file, Func<string> create)
    {
        if (!File.Exists(file))
        {
            File.WriteAllText(file, create());
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file).Trim();
    }
}
