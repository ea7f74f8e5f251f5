using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Server.Admin;

namespace OcpiHub.Server.Cli;

/// <summary>
/// The CLI's side of the admin API: one call, its JSON answer, or the hub's error as a message; an unreachable hub, no
/// answer within <paramref name="timeout"/> (60 s) and an answer that is not JSON (a proxy's error page) are messages too.
/// </summary>
public sealed class AdminApiClient(string hubUrl, string? adminKey, TimeSpan? timeout = null) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(hubUrl.TrimEnd('/') + "/"), Timeout = timeout ?? TimeSpan.FromSeconds(60) };

    public async Task<JsonNode?> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (adminKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: AdminJson.Options);
        int status;
        string? reason, text;
        try
        {
            using var response = await http.SendAsync(request);
            (status, reason, text) = ((int)response.StatusCode, response.ReasonPhrase, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the hub at {http.BaseAddress}: {e.Message} (is it running? see --hub)");
        }
        catch (TaskCanceledException)
        {
            throw new CliException($"the hub at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
        var json = Json(text);
        if (status is < 200 or > 299)
            throw new CliException($"{status} {reason}: {ManagementCommands.Text((json as JsonObject)?["error"]) ?? FirstLine(text)}");
        return text.Length == 0 || json is not null ? json
            : throw new CliException($"{http.BaseAddress} answered {status} with something that is not JSON: {FirstLine(text)} (is it the hub? see --hub)");
    }

    /// <summary>The answer as JSON; null for none, or for text that is not JSON (a proxy's HTML error page).</summary>
    private static JsonNode? Json(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first line of an answer, cut short: a page of HTML is no message.</summary>
    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    /// <summary>
    /// <paramref name="id"/> as one segment of an admin API path: escaped, so that an id holding <c>/</c> or <c>..</c>
    /// names no other endpoint.
    /// </summary>
    public static string Segment(string id) =>
        id is "." or ".." ? throw new CliException($"'{id}' is not an id") : Uri.EscapeDataString(id);

    public void Dispose() => http.Dispose();
}

/// <summary>A CLI failure with the message to show.</summary>
public sealed class CliException(string message) : Exception(message);
