using System.Net.Http.Headers;
using System.Text;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Onboarding;

/// <summary>A partner's answer: its envelope's status and data, or why there was no usable answer.</summary>
public sealed record PartnerAnswer<T>(T? Data, int? StatusCode, string? StatusMessage, int HttpStatus) where T : class
{
    public bool IsSuccess => HttpStatus is >= 200 and < 300 && StatusCode is { } code && OcpiStatusCodes.IsSuccess(code) && Data is not null;

    public string Describe() => $"HTTP {HttpStatus}, OCPI {StatusCode?.ToString() ?? "-"}{(StatusMessage is null ? "" : $": {StatusMessage}")}";
}

/// <summary>Raised when a partner cannot be called at all (refused, timed out, unusable URL or body).</summary>
public sealed class PartnerCallException(string message) : Exception(message);

/// <summary>
/// Calls a partner's OCPI endpoints: its token encoded as the platform wants, a new <c>X-Request-ID</c> per
/// call and the correlation id of what caused the call, the envelope read in the partner's version.
/// </summary>
public sealed class PartnerClient(HttpClient http)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<PartnerAnswer<T>> SendAsync<T>(HttpMethod method, string url, OutboundAuth auth, OcpiVersion version,
        string correlationId, object? body = null, CancellationToken cancellationToken = default,
        IEnumerable<KeyValuePair<string, string>>? headers = null) where T : class
    {
        if (PartnerUrl.Problem(url) is { } problem)
            throw new PartnerCallException($"{url}: {problem}");
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(auth.Token, auth.Base64));
        request.Headers.Add(Tracing.RequestIdHeader, Guid.NewGuid().ToString());
        request.Headers.Add(Tracing.CorrelationIdHeader, correlationId);
        foreach (var (name, value) in headers ?? [])
            request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
            request.Content = new StringContent(OcpiJson.Serialize(body, version), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (bytes.Length == 0)
                return new(null, null, null, (int)response.StatusCode);
            var envelope = OcpiJson.Read<OcpiResponse<T>>(bytes, version).Value;
            return new(envelope?.Data, envelope?.StatusCode, envelope?.StatusMessage, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PartnerCallException($"{method} {url} failed: {(e is OperationCanceledException ? "timed out" : e.Message)}");
        }
    }

    public Task<PartnerAnswer<T>> GetAsync<T>(string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        CancellationToken cancellationToken = default) where T : class =>
        SendAsync<T>(HttpMethod.Get, url, auth, version, correlationId, null, cancellationToken);
}

/// <summary>The token the hub sends to a partner and how: raw (2.1.1, or by setting) or Base64.</summary>
public sealed record OutboundAuth(string Token, bool Base64)
{
    public static OutboundAuth For(string token, OcpiVersion version, bool base64Setting) =>
        new(token, base64Setting && version != OcpiVersion.V211);
}
