using OcpiHub.Core.Security;

namespace OcpiHub.Load;

/// <summary>
/// Requests as an OCPI partner sends them (token, request and correlation ids, routing headers), built the
/// same way for the hub and for its baseline so both pay the same client cost.
/// </summary>
public static class OcpiRequests
{
    public static HttpClient NewClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public static HttpRequestMessage Create(HttpMethod method, string url, string token, string? correlationId = null,
        (string Country, string Party)? from = null, (string Country, string Party)? to = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(token, base64: true));
        request.Headers.TryAddWithoutValidation("X-Request-ID", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-Correlation-ID", correlationId ?? Guid.NewGuid().ToString());
        if (from is { } f)
        {
            request.Headers.TryAddWithoutValidation("OCPI-from-country-code", f.Country);
            request.Headers.TryAddWithoutValidation("OCPI-from-party-id", f.Party);
        }
        if (to is { } t)
        {
            request.Headers.TryAddWithoutValidation("OCPI-to-country-code", t.Country);
            request.Headers.TryAddWithoutValidation("OCPI-to-party-id", t.Party);
        }
        return request;
    }

    /// <summary>
    /// Sends and reads the whole body as a client that parses while it reads, keeping none of it; true for HTTP 200
    /// or 201. Buffering each 170 KB page (<see cref="SendAsync"/>) put half of this process's allocations on the
    /// large-object heap and ran about 20 full collections a second, which stopped the hub's threads too.
    /// </summary>
    public static async Task<(bool Ok, HttpResponseMessage Response)> SendStreamingAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using (var body = await response.Content.ReadAsStreamAsync())
                await body.CopyToAsync(Stream.Null);
            return ((int)response.StatusCode is 200 or 201, response);
        }
    }

    /// <summary>Sends and reads the whole body into memory (the caller reads it); true for HTTP 200 or 201 (what the loops count as success).</summary>
    public static async Task<(bool Ok, HttpResponseMessage Response)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.LoadIntoBufferAsync();
            return ((int)response.StatusCode is 200 or 201, response);
        }
    }
}
