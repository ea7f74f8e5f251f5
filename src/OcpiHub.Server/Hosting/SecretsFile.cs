using System.Text.Json;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The secrets file every node of a hub reads (<c>Hub:SecretsFile</c>), a JSON object:
/// <c>{"TokenKey": "&lt;Base64 of 32 bytes&gt;", "PreviousTokenKeys": [], "AdminKeyHash": "pbkdf2-sha256$…"}</c>. Kept out of the
/// configuration, and handed to every node alike (a mounted secret, say). The admin key is kept as its hash
/// (<see cref="AdminKeyHash"/>, written by <c>ocpihub admin-key rotate</c>); a plain <c>AdminKey</c> is still read.
/// </summary>
public sealed record SecretsFile(string? TokenKey = null, string[]? PreviousTokenKeys = null, string? AdminKey = null, string? AdminKeyHash = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>This file with the admin key replaced by <paramref name="hash"/> (a plain key removed).</summary>
    public SecretsFile WithAdminKeyHash(string hash) => this with { AdminKey = null, AdminKeyHash = hash };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The file at <paramref name="path"/>; none configured is an empty one.</summary>
    public static SecretsFile Read(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return new();
        try
        {
            return JsonSerializer.Deserialize<SecretsFile>(File.ReadAllText(path), Json) ?? new();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new HubConfigurationException($"Hub:SecretsFile {path} cannot be read as a JSON object of TokenKey, PreviousTokenKeys and AdminKeyHash: {e.Message}");
        }
    }
}
