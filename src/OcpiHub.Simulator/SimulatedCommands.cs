using System.Collections.Concurrent;
using System.Diagnostics;
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
public sealed record PostedResult(string Url, string Body, int HttpStatus, JsonObject? Envelope)
{
    /// <summary>Answered HTTP 200 or 201 with an OCPI success (1xxx).</summary>
    public bool Accepted => HttpStatus is 200 or 201 && (int?)Envelope?["status_code"] is >= 1000 and < 2000;

    /// <summary>From sending the request to reading the whole answer (or to the failure).</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// The CPO side of the Commands module: answers <c>POST {commands}/{command}</c> synchronously with the scripted
/// CommandResponse (2.1.1: without timeout, or the bare enum as <c>data</c> as early 2.1.1 partners did) and later
/// posts the scripted result to the command's <c>response_url</c>. The same for the Charging Profiles module (2.2.1+):
/// <c>GET/PUT/DELETE {chargingprofiles}/{session_id}</c> answered with a ChargingProfileResponse of the scripted
/// <see cref="Answer"/> and <see cref="Timeout"/>, the *Result of <see cref="Outcome"/> posted later. The eMSP side's own
/// response URLs answer success and are recorded like every request.
/// </summary>
public sealed class SimulatedCommands
{
    private readonly ConcurrentQueue<PostedResult> posted = new();

    /// <summary>The synchronous answer's <c>result</c> (CommandResponseType).</summary>
    public string Answer { get; set; } = "ACCEPTED";

    /// <summary>The synchronous answer's <c>timeout</c> in seconds (2.2.1+; null: left out, as some CPOs do); 2.1.1 sends none.</summary>
    public int? Timeout { get; set; } = 30;

    /// <summary>2.1.1 only: answer with <c>"data": "ACCEPTED"</c> instead of a CommandResponse object.</summary>
    public bool BareEnumAnswer { get; set; }

    /// <summary>What follows the synchronous answer.</summary>
    public CommandOutcome Outcome { get; set; } = new();

    /// <summary>The ActiveChargingProfile the simulated charge point reports: 11 kW from the start.</summary>
    public const string ActiveProfile =
        """{"start_date_time":"2026-12-01T10:00:00Z","charging_profile":{"charging_rate_unit":"W","charging_profile_period":[{"start_period":0,"limit":11000}]}}""";

    /// <summary>
    /// What the charge point does once it posted an ACCEPTED result of a command (START_SESSION: start charging), given
    /// the command and its request body; null: nothing.
    /// </summary>
    public Func<string, JsonObject, Task>? AfterAccepted { get; set; }

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

    /// <summary>Whether a request is a charging-profile request to this CPO: <c>GET/PUT/DELETE …/chargingprofiles/{session_id}</c>.</summary>
    public static bool IsChargingProfileRequest(PartnerContext partner, string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return method is "GET" or "PUT" or "DELETE" && partner.Options.Parties.Any(p => p.Role == "CPO")
            && segments.Length >= 2 && segments[^2] == "chargingprofiles";
    }

    /// <summary>The synchronous answer to a command; the result is posted in the background as the outcome says.</summary>
    public static OcpiResult Answer(PartnerContext partner, RecordedRequest request)
    {
        var commands = partner.Commands;
        var version = partner.Options.Version;
        JsonNode data = version == OcpiVersion.V211 && commands.BareEnumAnswer
            ? JsonValue.Create(commands.Answer)
            : version == OcpiVersion.V211
                ? new JsonObject { ["result"] = commands.Answer }
                : commands.Timeout is { } timeout
                    ? new JsonObject { ["result"] = commands.Answer, ["timeout"] = timeout }
                    : new JsonObject { ["result"] = commands.Answer };
        return Accept(partner, request, ResponseUrlInBody(request), data, new JsonObject { ["result"] = commands.Outcome.Result },
            CommandOf(partner, request.Method, request.Path));
    }

    /// <summary>
    /// The synchronous ChargingProfileResponse to a charging-profile request; its *Result (a GET's with the active
    /// profile) is posted in the background as the outcome says.
    /// </summary>
    public static OcpiResult AnswerChargingProfile(PartnerContext partner, RecordedRequest request)
    {
        var commands = partner.Commands;
        var responseUrl = request.Method == "PUT"
            ? ResponseUrlInBody(request)
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query).TryGetValue("response_url", out var url) ? url.ToString() : null;
        var result = new JsonObject { ["result"] = commands.Outcome.Result };
        if (request.Method == "GET")
            result["profile"] = JsonNode.Parse(SimulatedCommands.ActiveProfile);
        return Accept(partner, request, responseUrl, new JsonObject { ["result"] = commands.Answer, ["timeout"] = commands.Timeout }, result, command: null);
    }

    private static OcpiResult Accept(PartnerContext partner, RecordedRequest request, string? responseUrl, JsonNode answer, JsonObject result, string? command)
    {
        if (responseUrl is null)
            return new(200, Protocol.Common.OcpiStatusCodes.InvalidOrMissingParameters, message: "response_url missing");
        var outcome = partner.Commands.Outcome;
        if (partner.Commands.Answer == "ACCEPTED" && !outcome.Never)
            _ = Task.Run(() => PostResultLaterAsync(partner, request, responseUrl, outcome, result.ToJsonString(), command));
        return OcpiResult.Success(answer);
    }

    private static string? ResponseUrlInBody(RecordedRequest request) =>
        (JsonNode.Parse(request.Body) as JsonObject)?["response_url"]?.GetValue<string>();

    private static async Task PostResultLaterAsync(PartnerContext partner, RecordedRequest request, string responseUrl, CommandOutcome outcome, string body,
        string? command)
    {
        await Task.Delay(outcome.Delay);
        await PostResultAsync(partner, responseUrl, body, ReplyHeaders(partner, request));
        if (command is not null && outcome.Result == "ACCEPTED" && partner.Commands.AfterAccepted is { } after && JsonNode.Parse(request.Body) is JsonObject sent)
            await after(command, sent);
    }

    /// <summary>Posts a result to <paramref name="url"/> with the partner's token to the hub and records the answer.</summary>
    public static Task<PostedResult> PostResultAsync(PartnerContext partner, string url, string body, IEnumerable<(string Name, string Value)> headers) =>
        SendAsync(partner, HttpMethod.Post, url, body, headers);

    /// <summary>
    /// Sends a request of the partner's own to the hub (a result, an ActiveChargingProfile, a push) and returns the
    /// answer; results and profiles (<paramref name="record"/>) are also kept in <see cref="SimulatedCommands.Posted"/>.
    /// </summary>
    public static async Task<PostedResult> SendAsync(PartnerContext partner, HttpMethod method, string url, string? body,
        IEnumerable<(string Name, string Value)> headers, bool record = true)
    {
        var token = partner.Credentials.Hub?.Token ?? throw new InvalidOperationException("not registered with a hub");
        using var request = OcpiClient.Request(method, url, body);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        PostedResult result;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await partner.Client.SendAsync(request, token, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync();
            result = new(url, body ?? "", (int)response.StatusCode, TryParse(text)) { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
        {
            // No answer (refused, reset, or none within the client's timeout) is an answer a test or a load run counts.
            result = new(url, body ?? "", 0, new JsonObject { ["error"] = e.Message }) { Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        if (record)
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
