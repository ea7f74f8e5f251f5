using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OcpiHub.Simulator;

/// <summary>A request as the partner received it. Header names are matched case-insensitively; repeated values are joined with ", ".</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The value of a header, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Every request received (or the last <c>limit</c>), in order; read from test threads while Kestrel threads append.</summary>
internal sealed class RequestLog(int? limit = null)
{
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (gate)
            return [.. requests];
    }

    public void Add(RecordedRequest request)
    {
        lock (gate)
        {
            requests.Add(request);
            if (requests.Count > limit)
                requests.RemoveAt(0);
        }
    }
}

internal static class RequestRecording
{
    /// <summary>Records each request first of all, so rejected ones (401, 404) are visible to tests too.</summary>
    public static void UseRequestRecording(this IApplicationBuilder app, RequestLog log) => app.Use(async (http, next) =>
    {
        var recorded = await RecordAsync(http.Request);
        log.Add(recorded);
        http.Items[typeof(RecordedRequest)] = recorded;
        await next(http);
    });

    /// <summary>The record of the request being handled.</summary>
    public static RecordedRequest RecordOf(HttpContext http) => (RecordedRequest)http.Items[typeof(RecordedRequest)]!;

    private static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        // Buffered so the endpoint can read the body again.
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            headers[name] = values.ToString();
        return new(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", headers, body);
    }
}
