using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcpiHub.Server.Admin;

namespace OcpiHub.Server.Cli;

/// <summary>The CLI's side of the admin API: one call, its JSON answer, or the hub's error as a message.</summary>
public sealed class AdminApiClient(string hubUrl, string? adminKey) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(hubUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };

    public async Task<JsonNode?> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (adminKey is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: AdminJson.Options);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the hub at {http.BaseAddress}: {e.Message} (is it running? see --hub)");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length == 0 ? null : JsonNode.Parse(text);
            if (!response.IsSuccessStatusCode)
                throw new CliException($"{(int)response.StatusCode} {response.ReasonPhrase}: {json?["error"]?.GetValue<string>() ?? text}");
            return json;
        }
    }

    public void Dispose() => http.Dispose();
}

/// <summary>A CLI failure with the message to show.</summary>
public sealed class CliException(string message) : Exception(message);
