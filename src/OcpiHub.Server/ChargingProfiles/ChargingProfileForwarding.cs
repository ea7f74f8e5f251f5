using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Data;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Onboarding;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Server.ChargingProfiles;

/// <summary>
/// Charging-profile requests through the hub, on the commands' machinery: routed by <see cref="RealTimeRouter"/> to the
/// CPO of the session (only the eMSP the session was charged on may ask), then relayed as commands are
/// (<see cref="RelayedForwarding"/>: the <c>response_url</c> replaced by the hub's, the command budget); and the CPO's
/// ActiveChargingProfile updates forwarded to the party whose profile it accepted on that session.
/// </summary>
public sealed class ChargingProfileForwarding(HubRouting routing, Forwarder forwarder, RelayedForwarding relayed, ICommandStore store, IDataStore data)
{
    private const string Module = "chargingprofiles";

    public async Task<IResult> ForwardAsync(HttpContext context, ChargingProfileRequest request, string sessionId)
    {
        var version = context.RequestVersion();
        var ct = context.RequestAborted;
        var (responseUrl, duration, profile, problem) = await ReadAsync(context, request, version);
        if (problem is not null)
            return problem;

        // Addressed or not, the session must be one charged on the sender's tokens at that CPO (the router sees to it).
        var decision = await routing.DecideRealTimeAsync(context, RealTimeKind.ChargingProfile, async facts =>
            [.. (await data.FindByIdAsync(DataModule.Sessions, facts.PartiesIn(Party.Cpo), sessionId, ct))
                .Select(s => new Holder(s.Owner, s.TokenOwner))]);
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);
        var (sender, receiver) = decision is RoutingDecision.Forward forward
            ? (forward.Sender, forward.Receiver)
            : throw new InvalidOperationException($"a charging-profile request goes to one CPO, not {decision}");

        var path = Uri.EscapeDataString(sessionId);
        return await relayed.ForwardAsync(context, new RelayedRequest<V230.ChargingProfileResponse>(request.Name, responseUrl!, sender, receiver, Module,
            request.Method)
        {
            PathFor = hubUrl => hubUrl is null ? path
                : request == ChargingProfileRequest.Get ? $"{path}?duration={duration}&response_url={Uri.EscapeDataString(hubUrl)}"
                : request == ChargingProfileRequest.Clear ? $"{path}?response_url={Uri.EscapeDataString(hubUrl)}"
                : path,
            BodyFor = profile is null ? null : (hubUrl, cpoVersion) => Translators.FromCanonical(profile with { ResponseUrl = hubUrl }, cpoVersion, new TranslationContext()),
            AnswerOf = response => (response.Result?.Value, response.Timeout),
            NotSupported = _ => new() { Result = ChargingProfileResponseType.NotSupported, Timeout = 0 },
            Remember = (response, relay, cancel) => request == ChargingProfileRequest.Set && response.Result == ChargingProfileResponseType.Accepted
                ? store.RememberProfileSetterAsync(new ProfileSetter(receiver, sessionId, relay.EmspPlatformId, sender), cancel)
                : Task.CompletedTask,
        });
    }

    /// <summary>
    /// The CPO's <c>PUT {chargingprofiles}/{session_id}</c> of an ActiveChargingProfile: to the party that set a profile
    /// on that session through the hub (remembered when the CPO accepted it), its answer passed back.
    /// </summary>
    public async Task<IResult> UpdateAsync(HttpContext context, string sessionId)
    {
        var version = context.RequestVersion();
        var ct = context.RequestAborted;
        var read = OcpiJson.Read<V230.ActiveChargingProfile>(await OcpiBody.ReadAsync(context), version);
        if (read.Value is null || read.Problems.Count > 0)
            return OcpiResults.InvalidBody(version, read);
        var profile = Translators.ToCanonical(read.Value, version, new TranslationContext());

        var caller = context.Caller().Platform;
        var setters = new List<(PartyKey Cpo, PartyKey Emsp)>();
        var decision = await routing.DecideRealTimeAsync(context, RealTimeKind.ActiveChargingProfile, async _ =>
        {
            foreach (var cpo in caller.Parties.Where(p => string.Equals(p.Role, Party.Cpo, StringComparison.OrdinalIgnoreCase)))
            {
                if (await store.FindProfileSetterAsync(cpo.Key, sessionId, ct) is { } setter)
                    setters.Add((cpo.Key, setter.Emsp));
            }
            return [.. setters.Select(s => new Holder(s.Emsp))];
        });
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);
        var forward = (RoutingDecision.Forward)decision;
        // Addressed or not, only the party that set a profile on the CPO's session hears of it (OCPI: never another).
        if (!setters.Contains((forward.Sender, forward.Receiver)))
            return OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters,
                $"no profile was set on session {sessionId} of {forward.Sender} by {forward.Receiver} through the hub");

        var outcome = await forwarder.ForwardAsync(new ForwardCall(ForwardKind.Command, forward.Sender, forward.Receiver, Module, InterfaceRole.Sender,
            HttpMethod.Put, Uri.EscapeDataString(sessionId), v => Translators.FromCanonical(profile, v, new TranslationContext()), context.Ocpi().Started?.Timestamp),
            context.CorrelationId(), ct);
        if (outcome.Answered)
            RoutingHeaders.AnswerFor(context, outcome.Receiver);
        return outcome.IsSuccess
            ? OcpiResults.Ok(version)
            : OcpiResults.Refused(version, outcome.OcpiStatus, outcome.Message ?? $"{outcome.Receiver} answered OCPI {outcome.OcpiStatus}");
    }

    /// <summary>The request's response URL (query, or SetChargingProfile body), GET's duration and PUT's canonical SetChargingProfile.</summary>
    private static async Task<(string? ResponseUrl, int? Duration, V230.SetChargingProfile? Profile, IResult? Problem)> ReadAsync(HttpContext context,
        ChargingProfileRequest request, OcpiVersion version)
    {
        if (request == ChargingProfileRequest.Set)
        {
            var read = OcpiJson.Read<V230.SetChargingProfile>(await OcpiBody.ReadAsync(context), version);
            if (read.Value is null || read.Problems.Count > 0)
                return (null, null, null, OcpiResults.InvalidBody(version, read));
            var profile = (V230.SetChargingProfile)Translators.ToCanonical(read.Value, version, new TranslationContext());
            return UnusableResponseUrl(profile.ResponseUrl, version) is { } refused ? (null, null, null, refused) : (profile.ResponseUrl, null, profile, null);
        }
        var query = context.Request.Query;
        var url = query["response_url"].ToString();
        if (UnusableResponseUrl(url, version) is { } unusable)
            return (null, null, null, unusable);
        if (request != ChargingProfileRequest.Get)
            return (url, null, null, null);
        return int.TryParse(query["duration"], out var duration) && duration > 0
            ? (url, duration, null, null)
            : (null, null, null, Missing(version, "duration must be a positive number of seconds"));
    }

    /// <summary>The result goes to this URL later: one the hub would never call is refused now, not acknowledged and lost.</summary>
    private static IResult? UnusableResponseUrl(string? url, OcpiVersion version) =>
        PartnerUrl.Problem(url) is { } problem ? Missing(version, "response_url: " + problem) : null;

    private static IResult Missing(OcpiVersion version, string why) =>
        OcpiResults.Refused(version, OcpiStatusCodes.InvalidOrMissingParameters, why);
}
