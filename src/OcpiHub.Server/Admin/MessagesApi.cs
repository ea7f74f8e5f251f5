using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Admin;

/// <summary>
/// <c>GET /admin/messages</c>: the message log, newest first, by correlation id, platform, party and time range, so an
/// operator can follow one exchange through the hub.
/// </summary>
public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder admin)
    {
        admin.MapGroup("/messages").WithTags("Messages").MapGet("", ListAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest);
        return admin;
    }

    // Every parameter read as text, so that a bad one is a 400 saying what it should be.
    private static async Task<Results<Ok<List<MessageView>>, AdminProblem>> ListAsync([FromQuery(Name = "correlation_id")] string? correlationId,
        string? platform, string? party, string? from, string? to, string? limit, string? offset, IMessageLog log, CancellationToken cancellationToken)
    {
        var (query, problem) = Read(Given(correlationId), Given(platform), Given(party), Given(from), Given(to), Given(limit), Given(offset));
        if (query is null)
            return AdminProblem.BadRequest(problem!);
        return TypedResults.Ok((await log.QueryAsync(query, cancellationToken)).Select(MessageView.Of).ToList());
    }

    private static (MessageQuery? Query, string? Problem) Read(string? correlationId, string? platform, string? partyText, string? fromText, string? toText,
        string? limitText, string? offsetText)
    {
        if (!TryParty(partyText, out var party))
            return (null, "party is a country code and a party id as in NL*ABC");
        if (!TryTime(fromText, out var from) || !TryTime(toText, out var to))
            return (null, "from and to are date-times as in 2025-01-31T12:00:00Z");
        var limit = MessageQuery.DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MessageQuery.MaxLimit))
            return (null, $"limit is a number from 1 to {MessageQuery.MaxLimit}");
        var offset = 0;
        if (offsetText is not null && !int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
            return (null, "offset is a number from 0");
        return (new MessageQuery(correlationId, platform, from, to, limit, offset, party), null);
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A party as operators write it (<c>NL*ABC</c>, any case), as the log names it; true with null for none.</summary>
    public static bool TryParty(string? text, out string? party)
    {
        party = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        if (!PartyKey.TryParse(text, out var key))
            return false;
        party = key.ToString();
        return true;
    }

    /// <summary>A date-time as operators write it (UTC unless it says otherwise); true with null for none (no text or empty, as a cleared field sends).</summary>
    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }
}
