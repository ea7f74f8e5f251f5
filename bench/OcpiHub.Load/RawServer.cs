using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OcpiHub.Load;

/// <summary>
/// The baseline of S2: bare Kestrel on loopback answering fixed, pre-serialised bytes (the hub's own answer,
/// captured once) with the same headers, and no authentication, routing or database.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private RawServer(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Serves each path's captured body and headers.</summary>
    public static async Task<RawServer> StartAsync(IReadOnlyDictionary<string, CapturedResponse> answers)
    {
        var (app, url) = await LoopbackKestrel.StartAsync(_ => { }, app =>
        {
            foreach (var (path, answer) in answers)
            {
                app.MapGet(path, async (HttpContext http) =>
                {
                    foreach (var (name, value) in answer.Headers)
                        http.Response.Headers[name] = value;
                    http.Response.ContentType = "application/json";
                    http.Response.ContentLength = answer.Body.Length;
                    await http.Response.Body.WriteAsync(answer.Body);
                });
            }
        });
        return new RawServer(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>A response of the hub as the baseline replays it: its body and the headers a client reads.</summary>
public sealed record CapturedResponse(byte[] Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    public static async Task<CapturedResponse> FromAsync(HttpResponseMessage response, params string[] headerNames)
    {
        var headers = headerNames
            .Select(name => (name, response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null))
            .Where(h => h.Item2 is not null)
            .Select(h => (h.name, h.Item2!))
            .ToList();
        return new(await response.Content.ReadAsByteArrayAsync(), headers);
    }
}
