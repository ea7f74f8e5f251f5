using OcpiHub.Core.Security;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Where the admin key's hash is kept, and how it changes. A key configured in <c>Hub:AdminKey</c> is hashed in
/// memory and stays the key until the configuration changes. Otherwise the secrets file (<c>Hub:SecretsFile</c>)
/// holds it (<c>AdminKeyHash</c>, or a plain <c>AdminKey</c>, hashed when read), else the data folder's
/// <c>admin.key</c>: generated at first start (the key printed that once), replaced by <c>ocpihub admin-key rotate</c>.
/// The file is read again at every admin call, so a running node (every node, when they share the secrets file)
/// takes a rotated key at once, without a restart; while it cannot be read, no key is the admin key.
/// </summary>
public sealed class AdminKeyStore
{
    private readonly HubOptions options;
    private readonly AdminKeyHash? configured;
    private readonly Lock gate = new();
    private (string Text, AdminKeyHash Hash)? last;

    private AdminKeyStore(HubOptions options, AdminKeyHash? configured)
    {
        this.options = options;
        this.configured = configured;
    }

    /// <summary>
    /// The store of <paramref name="options"/>, its key checked: generated when there is none (printed to
    /// <paramref name="announce"/>), and a plain key an older hub left in the data folder rewritten as its hash.
    /// </summary>
    public static AdminKeyStore Open(HubOptions options, TextWriter announce)
    {
        if (Configured(options.AdminKey) is { } key)
            return new(options, AdminKeyHash.Of(key));
        var store = new AdminKeyStore(options, null);
        if (store.FromSecretsFile() is null)
        {
            var file = DataFolderFile(options);
            if (!File.Exists(file))
            {
                var generated = Tokens.Generate();
                Write(file, AdminKeyHash.Of(generated).ToString());
                announce.WriteLine($"Generated the admin API key (kept hashed in {file}; shown this once): {generated}");
            }
            else if (File.ReadAllText(file).Trim() is var text && !AdminKeyHash.IsHash(text))
                Write(file, AdminKeyHash.Of(text).ToString());
        }
        store.Current();
        return store;
    }

    /// <summary>
    /// A new admin key for the hub of <paramref name="options"/>, its hash written where the hub reads it (the
    /// secrets file when there is one, else the data folder); the old key stops working at once.
    /// </summary>
    public static string Rotate(HubOptions options)
    {
        if (Configured(options.AdminKey) is not null)
            throw new HubConfigurationException("the admin key is set by Hub:AdminKey: change it there, on every node");
        var key = Tokens.Generate();
        var hash = AdminKeyHash.Of(key).ToString();
        if (Configured(options.SecretsFile) is { } secrets)
            Write(secrets, SecretsFile.Read(secrets).WithAdminKeyHash(hash).ToJson());
        else
            Write(DataFolderFile(options), hash);
        return key;
    }

    /// <summary>
    /// The admin key's hash as now kept. A file that cannot be read, or holds no hash, is a
    /// <see cref="HubConfigurationException"/> naming it: the key it held before may have been rotated since, so no key
    /// is taken as the admin key until the file is readable again (the hub fails closed).
    /// </summary>
    public AdminKeyHash Current()
    {
        if (configured is not null)
            return configured;
        var (text, source) = Read();
        lock (gate)
        {
            if (last is not { } known || known.Text != text)
                last = (text, AdminKeyHash.IsHash(text) ? AdminKeyHash.Parse(text, source) : AdminKeyHash.Of(text));
            return last.Value.Hash;
        }
    }

    private (string Text, string Source) Read()
    {
        if (FromSecretsFile() is { } fromSecretsFile)
            return fromSecretsFile;
        var file = DataFolderFile(options);
        try
        {
            return (File.ReadAllText(file).Trim(), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HubConfigurationException($"the admin key file {file} cannot be read: {e.Message}");
        }
    }

    private (string Text, string Source)? FromSecretsFile()
    {
        var file = SecretsFile.Read(options.SecretsFile);
        return Configured(file.AdminKeyHash) is { } hash ? (hash, "AdminKeyHash of Hub:SecretsFile")
            : Configured(file.AdminKey) is { } key ? (key, "AdminKey of Hub:SecretsFile")
            : null;
    }

    private static string DataFolderFile(HubOptions options) => Path.Combine(options.DataFolder, "admin.key");

    private static string? Configured(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Writes <paramref name="text"/> whole (a reader never sees half a file), readable by its owner only.</summary>
    private static void Write(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var next = file + ".next";
        File.WriteAllText(next, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(next, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(next, file, overwrite: true);
    }
}
