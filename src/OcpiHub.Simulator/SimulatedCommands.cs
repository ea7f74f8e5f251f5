using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;

namespace OcpiHub.Simulator;

/// <summary>What a CPO's charge point makes of a command: the asynchronous result it posts, when, or never.</summary>
public sealed record CommandOutcome
{
    /// <summary>The result posted: a CommandResultType (2.2.1+) or CommandResponseType (2.1.1) value.</summary>
    public string Result { get; init; } = "ACCEPTED";

    /// <summary>How long after the synchronous answer the result is posted.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Posts no result at all (a charge point that never answers).</summary>
    public bool Never { get; init; }
}

/// <summary>A result the partner posted to a <c>response_url</c>, and how it was answered.</summary>
public sealed record PostedResult(string Url, string Body, int HttpStatus, JsonObject? Envelope);

/// <summary>
/// The CPO side of the Commands module: answers <c>POST {commands}/{command}</c> synchronously with the scripted
/// CommandResponse (2.1.1: without timeout, or the bare enum as <c>data</c> as early 2.1.1 partners did) and later
/// posts the scripted result to the command's <c>response_url</c>. The eMSP side's own response URLs answer success and are recorded
/// like every request.
/// </summary>
public sealed class SimulatedCommands
{
    private readonly ConcurrentQueue<PostedResult> posted = new();

    /// <summary>The synchronous answer's <c>result</c> (CommandResponseType).</summary>
    public string Answer { get; set; } = "ACCEPTED";

    /// <summary>The synchronous answer's <c>timeout</c> in seconds (2.2.1+); 2.1.1 sends none.</summary>
    public int Timeout { get; set; } = 30;

    /// <summary>2.1.1 only: answer with <c>"data": "ACCEPTED"</c> instead of a CommandResponse object.</summary>
    public bool BareEnumAnswer { get; set; }

    /// <summary>What follows the synchronous answer.</summary>
    public CommandOutcome Outcome { get; set; } = new();

    /// <summary>The results this partner posted, in order, with the answers it got.</summary>
    public IReadOnlyList<PostedResult> Posted => [.. posted];

    internal void Record(PostedResult result) => posted.Enqueue(result);
}

internal static class CommandEndpoints
{
    /// <summary>The command a request carries when it is <c>POST …/commands/{COMMAND}</c> to a CPO; null otherwise.</summary>
    public static string? CommandOf(PartnerContext partner, string method, string path)
    {
        if (method != "POST" || !partner.Options.Parties.Any(p => p.Role == "CPO"))
            return null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[^2] == "commands" && segments[^1].All(c => c is (>= 'A' and <= 'Z') or '_') ? segments[^1] : null;
    }

    /// <summary>The synchronous answer; the result is posted in the background as the outcome says.</summary>
    public static OcpiResult Answer(PartnerContext partner, RecordedRequest request)
    {
        var commands = partner.Commands;
        var responseUrl = (JsonNode.Parse(request.Body) as JsonObject)?["response_url"]?.GetValue<string>();
        if (responseUrl is null)
            return new(200, Protocol.Common.OcpiStatusCodes.InvalidOrMissingParameters, message: "response_url missing");
        var outcome = commands.Outcome;
        if (commands.Answer == "ACCEPTED" && !outcome.Never)
            _ = Task.Run(() => PostResultLaterAsync(partner, request, responseUrl, outcome));
        var version = partner.Options.Version;
        JsonNode data = version == OcpiVersion.V211 && commands.BareEnumAnswer
            ? JsonValue.Create(commands.Answer)
            : version == OcpiVersion.V211
                ? new JsonObject { ["result"] = commands.Answer }
                : new JsonObject { ["result"] = commands.Answer, ["timeout"] = commands.Timeout };
        return OcpiResult.Success(data);
    }

    private static async Task PostResultLaterAsync(PartnerContext partner, RecordedRequest command, string responseUrl, CommandOutcome outcome)
    {
        await Task.Delay(outcome.Delay);
        var body = new JsonObject { ["result"] = outcome.Result }.ToJsonString();
        var headers = ReplyHeaders(partner, command);
        await PostResultAsync(partner, responseUrl, body, headers);
    }

    /// <summary>Posts a result to <paramref name="url"/> with the partner's token to the hub and records the answer.</summary>
    public static async Task<PostedResult> PostResultAsync(PartnerContext partner, string url, string body, IEnumerable<(string Name, string Value)> headers)
    {
        var token = partner.Credentials.Hub?.Token ?? throw new InvalidOperationException("not registered with a hub");
        using var request = OcpiClient.Request(HttpMethod.Post, url, body);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        PostedResult result;
        try
        {
            using var response = await partner.Client.SendAsync(request, token, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync();
            result = new(url, body, (int)response.StatusCode, TryParse(text));
        }
        catch (HttpRequestException e)
        {
            result = new(url, body, 0, new JsonObject { ["error"] = e.Message });
        }
        partner.Commands.Record(result);
        return result;
    }

    // The result goes back to the party that sent the command, from the party it was sent to (2.2.1+).
    private static List<(string, string)> ReplyHeaders(PartnerContext partner, RecordedRequest command)
    {
        if (partner.Options.Version == OcpiVersion.V211)
            return [];
        var cpo = partner.Options.Parties.First(p => p.Role == "CPO");
        var headers = new List<(string, string)> { ("OCPI-from-country-code", cpo.CountryCode), ("OCPI-from-party-id", cpo.PartyId) };
        if (command.Header("OCPI-from-country-code") is { } country && command.Header("OCPI-from-party-id") is { } party)
            headers.AddRange([("OCPI-to-country-code", country), ("OCPI-to-party-id", party)]);
        return headers;
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
