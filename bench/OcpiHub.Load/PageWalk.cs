namespace OcpiHub.Load;

/// <summary>
/// Each loop reads the store as a client syncs it: it follows the <c>Link</c> of every page and starts over at
/// the end. Loops start spread over the store (at a client's offset) so together they read every depth, not only
/// the first pages. A page without <c>X-Limit</c>, or a page without <c>Link</c> before the end, counts as a failure.
/// </summary>
public sealed class PageWalk
{
    private const int PageSize = 100;

    private readonly string firstUrl;
    private readonly string?[] next;
    private readonly int[] depth;
    private readonly int total;

    public PageWalk(string pagesUrl, int total, int loops)
    {
        firstUrl = $"{pagesUrl}?offset=0&limit={PageSize}";
        this.total = total;
        depth = Enumerable.Range(0, loops).Select(loop => loop * (total / loops) / PageSize * PageSize).ToArray();
        next = depth.Select(offset => $"{pagesUrl}?offset={offset}&limit={PageSize}").ToArray();
    }

    public async Task<bool> NextAsync(HttpClient http, int loop, string token)
    {
        var url = next[loop] ?? firstUrl;
        var (ok, response) = await OcpiRequests.SendStreamingAsync(http, OcpiRequests.Create(HttpMethod.Get, url, token));
        using (response)
        {
            var link = NextUrl(response);
            var atEnd = depth[loop] >= total - PageSize;
            next[loop] = link;
            depth[loop] = link is null ? 0 : depth[loop] + PageSize;
            return ok && response.Headers.Contains("X-Limit") && (link is not null || atEnd);
        }
    }

    /// <summary>The URL of the next page a response's <c>Link</c> names, or null on the last page.</summary>
    public static string? NextUrl(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) && values.First() is var link ? link[1..link.IndexOf('>', StringComparison.Ordinal)] : null;
}
