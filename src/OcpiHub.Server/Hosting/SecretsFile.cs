using System.Text.Json;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// The secrets file every node of a hub reads (<c>Hub:SecretsFile</c>), a JSON object:
/// <c>{"TokenKey": "&lt;Base64 of 32 bytes&gt;", "PreviousTokenKeys": [], "AdminKey": "…"}</c>. Kept out of the
/// configuration, and handed to every node alike (a mounted secret, say).
/// </summary>
public sealed record SecretsFile(string? TokenKey = null, string[]? PreviousTokenKeys = null, string? AdminKey = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

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
            throw new HubConfigurationException($"Hub:SecretsFile {path} cannot be read as a JSON object of TokenKey, PreviousTokenKeys and AdminKey: {e.Message}");
        }
    }
}
