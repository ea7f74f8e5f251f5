using System.Globalization;
using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Admin;

/// <summary>
/// <c>GET /admin/messages</c>: the message log, newest first, by correlation id, platform and time range, so an
/// operator can follow one exchange through the hub.
/// </summary>
public static class MessageEndpoints
{
    public static void MapMessages(this RouteGroupBuilder messages)
    {
        messages.MapGet("", async (HttpRequest request, IMessageLog log) =>
        {
            var (query, problem) = Read(request.Query);
            if (query is null)
                return AdminJson.BadRequest(problem!);
            return AdminJson.Ok((await log.QueryAsync(query, request.HttpContext.RequestAborted)).Select(MessageView.Of).ToList());
        });
    }

    private static (MessageQuery? Query, string? Problem) Read(IQueryCollection parameters)
    {
        string? Text(string name) => parameters[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

        if (!TryTime(Text("from"), out var from) || !TryTime(Text("to"), out var to))
            return (null, "from and to are date-times as in 2025-01-31T12:00:00Z");
        var limit = MessageQuery.DefaultLimit;
        if (Text("limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MessageQuery.MaxLimit))
            return (null, $"limit is a number from 1 to {MessageQuery.MaxLimit}");
        var offset = 0;
        if (Text("offset") is { } offsetText && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return (null, "offset is a number from 0");
        return (new MessageQuery(Text("correlation_id"), Text("platform"), from, to, limit, offset), null);
    }

    /// <summary>A date-time as operators write it (UTC unless it says otherwise); true with null for none.</summary>
    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }
}
