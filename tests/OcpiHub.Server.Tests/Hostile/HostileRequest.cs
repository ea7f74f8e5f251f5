using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// One hostile request and the answer docs/routing.md ("HTTP status of errors") gives it. <paramref name="Path"/>
/// follows the hub's address (<c>ocpi/…</c> or <c>admin/…</c>). Sent with the token of <paramref name="Caller"/>, else
/// with <paramref name="Token"/> (<c>Authorization: Token …</c>), else, on the admin API, with <paramref name="AdminKey"/>
/// (the hub's key when null), else with nothing. <paramref name="Ocpi"/>: the envelope's status, null for the admin API.
/// <paramref name="Says"/>: what the answer's text must contain (the field a refusal names), when given.
/// </summary>
public sealed record HostileRequest(string Name, SimulatedPartner? Caller, string Method, string Path, string? Body, int Http, int? Ocpi,
    (string Name, string Value)[]? Headers = null, string? Token = null, string? AdminKey = null, string? Says = null)
{
    public bool IsAdmin => Path.StartsWith("admin", StringComparison.Ordinal);

    public async Task<HttpResponseMessage> SendAsync(string hubUrl)
    {
        using var request = new HttpRequestMessage(new HttpMethod(Method), $"{hubUrl}/{Path}");
        if (Body is not null)
            request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in Headers ?? [])
            request.Headers.TryAddWithoutValidation(name, value);
        if (Caller is not null)
            return await Caller.SendToHubAsync(request);
        if (Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", Token);
        else if (IsAdmin)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey ?? HubUnderTest.AdminKey);
        using var http = new HttpClient();
        return await http.SendAsync(request);
    }

    /// <summary>What is wrong with the answer, or null: its HTTP status, and its OCPI status in an envelope (admin: an error body).</summary>
    public async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        int? ocpi = null;
        var message = text;
        try
        {
            if (JsonNode.Parse(text) is JsonObject envelope)
            {
                ocpi = envelope["status_code"]?.GetValue<int>();
                message = envelope["status_message"]?.GetValue<string>() ?? text;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: reported below as a missing OCPI status.
        }
        var shown = text.Length > 300 ? text[..300] + "…" : text;
        if ((int)response.StatusCode != Http || ocpi != Ocpi)
            return $"{Name}: expected HTTP {Http}, OCPI {Ocpi?.ToString() ?? "-"}; got HTTP {(int)response.StatusCode}, OCPI {ocpi?.ToString() ?? "-"}: {shown}";
        if (Says is not null && !message.Contains(Says, StringComparison.Ordinal))
            return $"{Name}: the answer does not say \"{Says}\": {shown}";
        if (IsAdmin && Http >= 400 && !text.Contains("\"error\"", StringComparison.Ordinal))
            return $"{Name}: an admin error without an error body: {shown}";
        return null;
    }
}
