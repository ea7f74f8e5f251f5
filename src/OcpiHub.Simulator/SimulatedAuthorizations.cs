using System.Collections.Concurrent;

namespace OcpiHub.Simulator;

/// <summary>
/// How an eMSP answers a real-time authorization of one token: the <c>allowed</c> value (ALLOWED, BLOCKED, …), the
/// <c>authorization_reference</c> (2.2.1+), after a delay, or never (<paramref name="Hang"/>: until the caller gives up).
/// <paramref name="Data"/>: sent as the success's data instead of an AuthorizationInfo (an eMSP that answers wrongly).
/// </summary>
public sealed record AuthorizationAnswer(string Allowed = "ALLOWED", string? AuthorizationReference = null, TimeSpan Delay = default, bool Hang = false,
    System.Text.Json.Nodes.JsonNode? Data = null);

/// <summary>
/// The real-time authorization answers of a simulated eMSP, per token uid, on its tokens sender interface
/// (<c>POST {tokens}/{uid}/authorize[?type=]</c>). A uid without an answer is unknown: HTTP 404 with 2004 (2000 in 2.1.1).
/// Requests are recorded like every other (<see cref="SimulatedPartner.Requests"/>).
/// </summary>
public sealed class SimulatedAuthorizations
{
    private readonly ConcurrentDictionary<string, AuthorizationAnswer> answers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets how the authorization of <paramref name="uid"/> is answered.</summary>
    public void Answer(string uid, AuthorizationAnswer answer) => answers[uid] = answer;

    internal AuthorizationAnswer? For(string uid) => answers.TryGetValue(uid, out var answer) ? answer : null;
}
