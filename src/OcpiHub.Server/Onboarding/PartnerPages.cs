using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Messages;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// One page of a partner's list. <c>Items</c> are the objects as sent, not yet read as models, so the caller can
/// judge each on its own; each is read into its model straight from the page's bytes, parsed once. <c>NextUrl</c> is
/// the next page (<see cref="PartnerClient.NextPageUrl"/>; null on the last); <c>LinkRepeats</c>: it names this page
/// or one already read, so reading stops here.
/// </summary>
public sealed record PartnerPage(string Url, IReadOnlyList<JsonElement> Items, string? NextUrl, int? Limit, int? TotalCount, bool LinkRepeats = false)
    : IDisposable
{
    /// <summary>No page follows this one.</summary>
    public bool IsLast => NextUrl is null || LinkRepeats;

    /// <summary>The parsed page the items are elements of: disposing the page, once its items are read, returns its pooled buffers.</summary>
    public JsonDocument? Document { get; init; }

    /// <summary>The bytes <see cref="Document"/> is parsed over, returned to their pool after it.</summary>
    public AnswerBody? Body { get; init; }

    public void Dispose()
    {
        Document?.Dispose();
        Body?.Dispose();
    }
}

/// <summary>
/// How a page is read: the time budget of one try, how many times a failed page is tried again, and the wait
/// before the first retry (doubled for each further one).
/// </summary>
public sealed record PagePolicy(TimeSpan Budget, int Retries = 3, TimeSpan Backoff = default);

/// <summary>A page that could not be read, after all its tries; names the URL and the last reason.</summary>
public sealed class PartnerPageException(string url, int tries, string reason)
    : Exception($"GET {url}: no usable page after {tries} {(tries == 1 ? "try" : "tries")}: {reason}")
{
    public string Url { get; } = url;
    public string Reason { get; } = reason;
}

public sealed partial class PartnerClient
{
    /// <summary>
    /// Reads a partner's list from <paramref name="url"/> (a first page, or a next URL stored earlier), yielding
    /// each page as it arrives and following its Link until there is none or it repeats. Every request carries
    /// <paramref name="correlationId"/> and its own request id. A page that fails (no answer within the budget,
    /// HTTP error, not an OCPI envelope, an OCPI status that is not success) is tried again per <paramref name="policy"/>,
    /// then <see cref="PartnerPageException"/> is thrown.
    /// </summary>
    public async IAsyncEnumerable<PartnerPage> ReadPagesAsync(string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        PagePolicy policy, PartnerCallInfo? about = null, IEnumerable<KeyValuePair<string, string>>? headers = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var linked = false;
        int? total = null;
        for (string? next = url; next is not null;)
        {
            visited.Add(Comparable(next));
            var page = await ReadPageAsync(next, auth, version, correlationId, policy, about, headers, cancellationToken);
            // Fewer objects than on the page before: some left the list meanwhile (changed after the date_to asked) and
            // the rest moved down, so the first of this page would be missed. OCPI: ask this page again from as much earlier,
            // once: a page asked before is not asked again, so a partner whose totals come and go cannot keep a pull going.
            if (total - page.TotalCount is > 0 and var gone && EarlierBy(next, gone) is { } earlier && visited.Add(Comparable(earlier)))
            {
                page.Dispose();
                page = await ReadPageAsync(earlier, auth, version, correlationId, policy, about, headers, cancellationToken);
            }
            total = page.TotalCount;
            linked |= page.NextUrl is not null;
            page = page with { NextUrl = NextPageUrl(page, linked) };
            if (page.NextUrl is { } link && visited.Contains(Comparable(link)))
                page = page with { LinkRepeats = true };
            yield return page;
            next = page.IsLast ? null : page.NextUrl;
        }
    }

    private async Task<PartnerPage> ReadPageAsync(string url, OutboundAuth auth, OcpiVersion version, string correlationId,
        PagePolicy policy, PartnerCallInfo? about, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            string reason;
            try
            {
                var (page, problem) = await ExchangeAsync(HttpMethod.Get, url, auth, version, correlationId, null, about, headers, policy.Budget,
                    (response, answer) => PageOf(url, response, answer), cancellationToken);
                if (page is not null)
                    return page;
                reason = problem!;
            }
            catch (PartnerCallException e)
            {
                if (e.Permanent)
                    throw new PartnerPageException(url, tries, e.Message);
                reason = e.Message;
            }
            if (tries > policy.Retries)
                throw new PartnerPageException(url, tries, reason);
            await Task.Delay(policy.Backoff * Math.Pow(2, tries - 1), clock, cancellationToken);
        }
    }

    /// <summary>The page, or why the answer is not one; with the OCPI status for the message log.</summary>
    private static ((PartnerPage? Page, string? Problem), int? OcpiStatus) PageOf(string url, HttpResponseMessage response, AnswerBody body)
    {
        var document = DocumentOf(body);
        var answer = PageOf(url, response, document, body);
        if (answer.Item1.Page is null)
            document?.Dispose();
        return answer;
    }

    private static ((PartnerPage? Page, string? Problem), int? OcpiStatus) PageOf(string url, HttpResponseMessage response, JsonDocument? document, AnswerBody body)
    {
        var http = (int)response.StatusCode;
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } envelope || !envelope.TryGetProperty("status_code", out var codeValue) || !codeValue.TryGetInt32(out var code))
            return ((null, $"HTTP {http}: the body is not an OCPI envelope"), null);
        var described = $"HTTP {http}, OCPI {code}{(envelope.TryGetProperty("status_message", out var message) ? $": {message}" : "")}";
        if (http is < 200 or >= 300 || !OcpiStatusCodes.IsSuccess(code))
            return ((null, described), code);
        // An empty page may leave data out.
        IReadOnlyList<JsonElement>? items = envelope.TryGetProperty("data", out var data)
            ? data.ValueKind switch
            {
                JsonValueKind.Null => [],
                JsonValueKind.Array => [.. data.EnumerateArray()],
                _ => null,
            }
            : [];
        if (items is null)
            return ((null, $"{described}: data is not a list"), code);
        return ((new PartnerPage(url, items, NextLink(response), IntHeader(response, "X-Limit"), IntHeader(response, "X-Total-Count"))
        {
            // The page's elements read the body's bytes until the page is disposed.
            Document = document, Body = body.Take(),
        }, null), code);
    }

    /// <summary>The answer parsed over its own bytes, not over a copy of them (as <c>JsonElement.ParseValue</c> makes): a page is megabytes.</summary>
    private static JsonDocument? DocumentOf(AnswerBody body)
    {
        try
        {
            return body.Length > 0 ? JsonDocument.Parse(body.Memory) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The page after <paramref name="page"/>: its <c>Link</c>; without one (OCPI only says it should be there) the
    /// same query from the next offset while <c>X-Total-Count</c> says objects are left, unless the partner links its
    /// pages (<paramref name="linked"/>), when a page without a Link is the last. An empty page is the last unless
    /// the total says objects are left (a partner that filters after paging), so a partner that links past its end
    /// cannot keep a pull running.
    /// </summary>
    internal static string? NextPageUrl(PartnerPage page, bool linked)
    {
        if (!Uri.TryCreate(page.Url, UriKind.Absolute, out var url))
            return null;
        var query = QueryHelpers.ParseQuery(url.Query);
        var offset = query.TryGetValue("offset", out var given) && int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var left = page.TotalCount is { } total && offset + page.Items.Count < total;
        if (page.NextUrl is { } link)
            return page.Items.Count > 0 || left ? link : null;
        if (linked || page.Items.Count == 0 || !left)
            return null;
        return WithOffset(url, query, offset + page.Items.Count);
    }

    /// <summary><paramref name="pageUrl"/> from <paramref name="by"/> objects earlier; null where it names no offset past the first object.</summary>
    private static string? EarlierBy(string pageUrl, int by)
    {
        if (!Uri.TryCreate(pageUrl, UriKind.Absolute, out var url))
            return null;
        var query = QueryHelpers.ParseQuery(url.Query);
        return query.TryGetValue("offset", out var given) && int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > 0
            ? WithOffset(url, query, Math.Max(0, offset - by))
            : null;
    }

    private static string WithOffset(Uri url, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, int offset)
    {
        query["offset"] = offset.ToString(CultureInfo.InvariantCulture);
        return new UriBuilder(url) { Query = QueryString.Create(query).ToString().TrimStart('?') }.Uri.AbsoluteUri;
    }

    // On Unix "/path" reads as an absolute file URI: only an http(s) URL is taken as it is.
    private static bool IsWebUrl(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The <c>Link</c> to the next page: as sent when absolute, else resolved against the URL that answered (a partner may send a path alone).</summary>
    private static string? NextLink(HttpResponseMessage response)
    {
        var link = response.Headers.TryGetValues("Link", out var values)
            ? values.Select(value => NextLinkPattern().Match(value)).FirstOrDefault(match => match.Success)?.Groups["url"].Value
            : null;
        return link is null || IsWebUrl(link) || response.RequestMessage?.RequestUri is not { } answered || !Uri.TryCreate(answered, link, out var resolved)
            ? link
            : resolved.AbsoluteUri;
    }

    private static int? IntHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : null;

    // Absolute Links are followed as sent; only the repeat check reads them as URIs, so an escaped and an unescaped spelling match.
    private static string Comparable(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : url;

    [GeneratedRegex("""<(?<url>[^>]*)>\s*;[^,]*?\brel\s*=\s*"?next"?""", RegexOptions.IgnoreCase)]
    private static partial Regex NextLinkPattern();
}
