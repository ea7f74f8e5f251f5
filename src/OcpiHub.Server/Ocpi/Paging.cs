using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// The paging of a list GET: <c>offset</c>, <c>limit</c>, <c>date_from</c> (inclusive), <c>date_to</c> (exclusive),
/// and the <c>cursor</c> of a <c>Link</c> the hub gave (where one is given, it places the page, not the offset).
/// </summary>
public sealed record PageRequest(int Offset, int Limit, DateTimeOffset? DateFrom, DateTimeOffset? DateTo, string? Cursor = null)
{
    public bool Includes(DateTimeOffset lastUpdated) =>
        (DateFrom is not { } from || lastUpdated >= from) && (DateTo is not { } to || lastUpdated < to);
}

/// <summary>
/// Reads paging parameters and writes the paging headers: <c>X-Limit</c> (the server maximum), <c>Link</c> with
/// <c>rel="next"</c> on every page but the last carrying every filter, and <c>X-Total-Count</c> for platforms
/// that opted in.
/// </summary>
public static class Paging
{
    public static (PageRequest? Page, string? Problem) Read(HttpRequest request, int maxLimit)
    {
        var query = request.Query;
        if (!TryInt(query["offset"], 0, out var offset) || offset < 0)
            return (null, "offset must be a non-negative integer");
        if (!TryInt(query["limit"], maxLimit, out var limit) || limit < 1)
            return (null, "limit must be a positive integer");
        if (!TryDate(query["date_from"], out var from))
            return (null, "date_from is not an OCPI DateTime");
        if (!TryDate(query["date_to"], out var to))
            return (null, "date_to is not an OCPI DateTime");
        return (new PageRequest(offset, Math.Min(limit, maxLimit), from, to, query["cursor"].FirstOrDefault() is { Length: > 0 } cursor ? cursor : null), null);
    }

    /// <summary>
    /// Writes the headers of a page; <paramref name="total"/> is given only for platforms that opted in; the next
    /// page starts at the offset plus what was returned, or after <paramref name="nextCursor"/> where given
    /// (<see cref="Data.PageCursor"/>).
    /// </summary>
    public static void WriteHeaders(HttpContext context, PageRequest page, int returned, bool hasMore, int maxLimit, int? total, string? nextCursor = null)
    {
        var headers = context.Response.Headers;
        headers["X-Limit"] = maxLimit.ToString(CultureInfo.InvariantCulture);
        if (total is { } count)
            headers["X-Total-Count"] = count.ToString(CultureInfo.InvariantCulture);
        if (hasMore && returned > 0)
            headers.Link = $"<{NextUrl(context.Request, page, nextCursor is null ? ("offset", (page.Offset + returned).ToString(CultureInfo.InvariantCulture)) : ("cursor", nextCursor))}>; rel=\"next\"";
    }

    /// <summary>The same request at the next page's start (an offset or a cursor), on the hub's public URL.</summary>
    private static string NextUrl(HttpRequest request, PageRequest page, (string Name, string Value) start)
    {
        var baseUrl = request.HttpContext.RequestServices.GetRequiredService<Hosting.HubOptions>().BaseUrl;
        var parameters = new Dictionary<string, string?>
        {
            [start.Name] = start.Value,
            ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
        };
        // The filters as the client wrote them: written again they would lose digits beyond the millisecond.
        foreach (var filter in new[] { "date_from", "date_to" })
        {
            if (request.Query[filter].FirstOrDefault() is { Length: > 0 } text)
                parameters[filter] = text;
        }
        return QueryHelpers.AddQueryString(baseUrl + request.PathBase + request.Path, parameters);
    }

    private static bool TryInt(string? text, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryDate(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
            return true;
        value = OcpiDateTimeConverter.Parse(text);
        return value is not null;
    }
}
