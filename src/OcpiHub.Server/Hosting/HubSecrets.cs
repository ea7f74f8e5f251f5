using System.Security.Cryptography;
using OcpiHub.Core.Security;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The hub's own secrets, kept in the data folder: the admin API key (unless configured) and the key that
/// encrypts outbound tokens at rest. Created at first start; the admin key is printed that once.
/// </summary>
public sealed class HubSecrets
{
    private HubSecrets(string adminKey, SecretCipher cipher)
    {
        AdminKey = adminKey;
        Cipher = cipher;
    }

    public string AdminKey { get; }
    public SecretCipher Cipher { get; }

    public static string AdminKeyFile(string dataFolder) => Path.Combine(dataFolder, "admin.key");

    public static HubSecrets Load(HubOptions options, TextWriter announce)
    {
        Directory.CreateDirectory(options.DataFolder);
        var cipherKey = ReadOrCreate(Path.Combine(options.DataFolder, "token.key"), () => Convert.ToBase64String(SecretCipher.NewKey()), out _);
        var adminKey = options.AdminKey;
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            adminKey = ReadOrCreate(AdminKeyFile(options.DataFolder), Tokens.Generate, out var created);
            if (created)
                announce.WriteLine($"Generated the admin API key (saved in {AdminKeyFile(options.DataFolder)}): {adminKey}");
        }
        return new(adminKey, new SecretCipher(Convert.FromBase64String(cipherKey)));
    }

    public bool IsAdminKey(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(AdminKey));

    private static string ReadOrCreate(string file, Func<string> create, out bool created)
    {
        created = !File.Exists(file);
        if (created)
        {
            File.WriteAllText(file, create());
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file).Trim();
    }
}
