using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Simulator;

/// <summary>
/// GET of a sender interface's list: the partner's stored objects page by page (offset, limit capped by
/// <see cref="PartnerOptions.MaxPageSize"/>, date_from inclusive, date_to exclusive), with <c>Link</c> on every page
/// but the last (unless <see cref="SimulatedSender.Links"/> says otherwise), <c>X-Limit</c> and <c>X-Total-Count</c>;
/// or the fault the test set. A page of Sessions needs a date_from.
/// </summary>
internal static class SenderEndpoints
{
    public static async Task<IResult> PageAsync(HttpContext http, PartnerContext partner, SimulatedSender sender)
    {
        var query = http.Request.Query;
        if (Parameters(query, partner.Options.MaxPageSize) is not { } asked)
            return new OcpiResult(StatusCodes.Status400BadRequest, OcpiStatusCodes.InvalidOrMissingParameters,
                message: "offset must be a non-negative integer, limit a positive one, date_from and date_to RFC 3339 date-times");

        if (sender.NeedsDateFrom && asked.From is null)
            return new OcpiResult(StatusCodes.Status400BadRequest, OcpiStatusCodes.InvalidOrMissingParameters, message: $"date_from is required for a page of {sender.Module}");

        if (sender.Hang || asked.Offset >= sender.HangFrom)
            await HangAsync(http);
        if (sender.FailAlways || asked.Offset >= sender.FailFrom || sender.FailsOnce(asked.Offset))
            return new OcpiResult(StatusCodes.Status500InternalServerError, OcpiStatusCodes.ServerError, message: "page failed as the test asked");

        var (total, page) = sender.Read(asked.From, asked.To, asked.Offset, asked.Limit);
        var headers = http.Response.Headers;
        headers["X-Limit"] = asked.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Total-Count"] = (sender.ReportedTotal?.Invoke(asked.Offset, total) ?? total).ToString(CultureInfo.InvariantCulture);
        var path = $"{http.Request.PathBase}{http.Request.Path}";
        var next = NextQuery(query, asked.Offset + page.Count);
        var more = asked.Offset + page.Count < total;
        var link = sender.Links switch
        {
            PageLinks.Self => $"{partner.BaseUrl}{path}{http.Request.QueryString}",
            PageLinks.Absolute when more => $"{partner.BaseUrl}{path}{next}",
            PageLinks.Relative when more => $"{path}{next}",
            PageLinks.Always => $"{partner.BaseUrl}{path}{NextQuery(query, asked.Offset + asked.Limit)}",
            _ => null,
        };
        if (link is not null)
            headers["Link"] = $"<{link}>; rel=\"next\"";
        return OcpiResult.Success(new JsonArray([.. page]));
    }

    private sealed record Asked(int Offset, int Limit, DateTimeOffset? From, DateTimeOffset? To);

    private static Asked? Parameters(IQueryCollection query, int maxPageSize)
    {
        if (!Integer(query, "offset", 0, out var offset) || !Integer(query, "limit", maxPageSize, out var limit)
            || !Time(query, "date_from", out var from) || !Time(query, "date_to", out var to))
            return null;
        return limit == 0 ? null : new(offset, Math.Min(limit, maxPageSize), from, to);
    }

    private static bool Integer(IQueryCollection query, string name, int absent, out int value)
    {
        value = absent;
        return !query.TryGetValue(name, out var text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }

    private static bool Time(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        value = parsed;
        return true;
    }

    // The same request from the next offset on.
    private static QueryString NextQuery(IQueryCollection query, int offset) =>
        QueryString.Create(query.Where(p => p.Key != "offset").Append(KeyValuePair.Create("offset", new Microsoft.Extensions.Primitives.StringValues(offset.ToString(CultureInfo.InvariantCulture)))));

    // Until the caller gives up or the partner stops; awaited, so it holds no thread.
    internal static Task HangAsync(HttpContext http) => WaitAsync(http, Timeout.InfiniteTimeSpan);

    /// <summary>
    /// Waits <paramref name="delay"/>, or less when the caller gives up or the partner stops: a stopping partner never
    /// waits for its own slowness (a test disposing a slow receiver ends at once).
    /// </summary>
    internal static Task WaitAsync(HttpContext http, TimeSpan delay) => WaitAsync(http, token => Task.Delay(delay, token));

    /// <summary>Waits until <paramref name="release"/> completes, or less as <see cref="WaitAsync(HttpContext, TimeSpan)"/> does.</summary>
    internal static Task WaitAsync(HttpContext http, Task release) => WaitAsync(http, release.WaitAsync);

    private static async Task WaitAsync(HttpContext http, Func<CancellationToken, Task> wait)
    {
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        await wait(either.Token);
    }
}
