using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Simulator;

/// <summary>The partner's outbound side: authenticated OCPI calls in its version, and discovery of the other side's endpoints.</summary>
internal sealed class OcpiClient(HttpClient http, PartnerOptions options)
{
    private OcpiVersion Version => options.Version;

    /// <summary>Sends with <paramref name="token"/> encoded per the options, and trace ids (2.2.1+) unless the request has its own.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string token, CancellationToken ct)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(token, options.Base64Tokens));
        if (Version >= OcpiVersion.V221)
        {
            foreach (var header in (string[])[TraceHeaders.RequestId, TraceHeaders.CorrelationId])
            {
                if (!request.Headers.Contains(header))
                    request.Headers.Add(header, TraceHeaders.NewId());
            }
        }
        return http.SendAsync(request, ct);
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? jsonBody) => new(method, url)
    {
        Content = jsonBody is null ? null : new StringContent(jsonBody, Encoding.UTF8, "application/json"),
    };

    /// <summary>Calls and returns the response envelope, whatever its status; throws when the answer is no envelope at all.</summary>
    public async Task<JsonObject> CallAsync(HttpMethod method, string url, string token, object? body, CancellationToken ct)
    {
        var json = body is null ? null : OcpiJson.Serialize(body, Version);
        using var response = await SendAsync(Request(method, url, json), token, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonNode.Parse(text) is JsonObject envelope)
                return envelope;
        }
        catch (JsonException)
        {
        }
        throw new OcpiCallException($"{method} {url} answered HTTP {(int)response.StatusCode} without an OCPI envelope: {Shorten(text)}");
    }

    /// <summary>
    /// GET versions, pick this partner's version, GET its details: what a handshake needs from the other side.
    /// </summary>
    public async Task<(string VersionUrl, IReadOnlyList<Endpoint> Endpoints)> DiscoverAsync(string versionsUrl, string token, CancellationToken ct)
    {
        var versions = DataOf<List<VersionInfo>>(await CallAsync(HttpMethod.Get, versionsUrl, token, null, ct), versionsUrl);
        var wanted = Version.ToWire();
        var chosen = versions.FirstOrDefault(v => v.Number?.Value == wanted)
            ?? throw new OcpiCallException(
                $"{versionsUrl} offers [{string.Join(", ", versions.Select(v => v.Number?.Value))}], not {wanted}",
                OcpiStatusCodes.UnsupportedVersion);

        var details = DataOf<VersionDetails>(await CallAsync(HttpMethod.Get, chosen.Url!, token, null, ct), chosen.Url!);
        if (details.Number?.Value != wanted)
            throw new OcpiCallException($"{chosen.Url} describes version {details.Number?.Value}, not {wanted}");
        if (!details.Endpoints!.Any(e => e.Identifier?.Value == "credentials"))
            throw new OcpiCallException($"{chosen.Url} lists no credentials endpoint", OcpiStatusCodes.NoMatchingEndpoints);
        return (chosen.Url!, details.Endpoints!);
    }

    /// <summary>The data of a successful envelope, read and validated as a <typeparamref name="T"/> of this version.</summary>
    public T DataOf<T>(JsonObject envelope, string url) where T : class => (T)DataOf(envelope, typeof(T), url);

    public object DataOf(JsonObject envelope, Type type, string url)
    {
        if (StatusOf(envelope) is not { } status || !OcpiStatusCodes.IsSuccess(status))
            throw new OcpiCallException($"{url} answered status {envelope["status_code"]}: {envelope["status_message"]}");
        var data = envelope["data"] ?? throw new OcpiCallException($"{url} answered no data");
        var read = OcpiJson.Read(Encoding.UTF8.GetBytes(data.ToJsonString()), type, Version);
        if (read.Value is null || read.Problems.Count > 0)
            throw new OcpiCallException($"{url} answered an invalid {type.Name} for {Version.ToWire()}: {read.Problems.ToStatusMessage()}");
        return read.Value;
    }

    public static int? StatusOf(JsonObject envelope) =>
        envelope["status_code"] is JsonValue value && value.TryGetValue<int>(out var status) ? status : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
