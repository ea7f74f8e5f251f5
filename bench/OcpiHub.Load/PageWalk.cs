namespace OcpiHub.Load;

/// <summary>
/// Each loop reads the store as a client syncs it: it follows the <c>Link</c> of every page and starts over at
/// the end. Loops start spread over the store so together they read every depth, not only the first pages.
/// A page without <c>X-Limit</c>, or a full page without <c>Link</c> before the end, counts as a failure.
/// </summary>
public sealed class PageWalk
{
    private readonly string firstUrl;
    private readonly string?[] next;
    private readonly int total;

    public PageWalk(string pagesUrl, int total, int loops)
    {
        firstUrl = $"{pagesUrl}?offset=0&limit=100";
        this.total = total;
        next = Enumerable.Range(0, loops).Select(loop => $"{pagesUrl}?offset={loop * (total / loops) / 100 * 100}&limit=100").ToArray();
    }

    public async Task<bool> NextAsync(HttpClient http, int loop, string token)
    {
        var url = next[loop] ?? firstUrl;
        var (ok, response) = await OcpiRequests.SendAsync(http, OcpiRequests.Create(HttpMethod.Get, url, token));
        using (response)
        {
            var link = response.Headers.TryGetValues("Link", out var values) ? values.First() : null;
            next[loop] = link is null ? null : link[1..link.IndexOf('>', StringComparison.Ordinal)];
            var atEnd = url.Contains($"offset={total - 100}&", StringComparison.Ordinal);
            return ok && response.Headers.Contains("X-Limit") && (link is not null || atEnd);
        }
    }
}
