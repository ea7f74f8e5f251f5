using System.Text.Json.Nodes;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Commands;

/// <summary>
/// What differs between requests an eMSP sends a CPO through a relay (a command, a charging-profile request): its
/// name and response URL, where it goes (<see cref="PathFor"/> and <see cref="BodyFor"/>, given the hub's response URL
/// in the CPO's version), how the CPO's synchronous answer is recorded, and what an accepted one leaves behind.
/// </summary>
public sealed record RelayedRequest<TResponse>(string Name, string ResponseUrl, PartyKey Sender, PartyKey Receiver, string Module, HttpMethod Method)
    where TResponse : class
{
    /// <summary>The path below the CPO's endpoint, given the hub's response URL (null when the hub cannot call the CPO).</summary>
    public required Func<string?, string> PathFor { get; init; }

    /// <summary>The body in the CPO's version, given the hub's response URL; none when null.</summary>
    public Func<string, OcpiVersion, object?>? BodyFor { get; init; }

    /// <summary>The answer's result and timeout, as the relay records them.</summary>
    public required Func<TResponse, (string? Result, int? Timeout)> AnswerOf { get; init; }

    /// <summary>The hub's NOT_SUPPORTED answer, saying why, for a CPO that offers no receiver endpoint of the module.</summary>
    public required Func<string, TResponse> NotSupported { get; init; }

    /// <summary>The hub's own answer for a CPO that cannot take the request (null: forward it).</summary>
    public Func<Platform?, TResponse?>? AnswerInstead { get; init; }

    /// <summary>What the CPO's valid answer leaves behind (a reservation, a profile's setter).</summary>
    public Func<TResponse, CommandRelay, CancellationToken, Task>? Remember { get; init; }
}

/// <summary>
/// One mechanism for every request relayed to a CPO (<see cref="RelayedRequest{TResponse}"/>): a relay of
/// <see cref="CommandRelays"/> opened for a CPO the hub knows, the request forwarded by the <see cref="Forwarder"/> with
/// the command budget and the eMSP's response URL replaced by the hub's, the CPO's answer (or the hub's failure)
/// recorded on the relay, and passed back in the eMSP's version. A relay whose eMSP was answered with an error awaits
/// no result: the eMSP is not told later that the request it was told failed went through.
/// </summary>
public sealed class RelayedForwarding(Forwarder forwarder, CommandRelays relays, IPlatformStore platforms)
{
    public async Task<IResult> ForwardAsync<TResponse>(HttpContext context, RelayedRequest<TResponse> request) where TResponse : class
    {
        var version = context.RequestVersion();
        var ct = context.RequestAborted;
        var cpo = await platforms.FindByPartyAsync(request.Receiver, ct);
        // The CPO is there but does not take such requests (a 2.1.1 CPO has no charging profiles): its answer would be NOT_SUPPORTED.
        if (cpo is { IsRegistered: true } && cpo.Endpoint(request.Module, InterfaceRole.Receiver.Value) is null)
            return Answer(version, request.NotSupported($"{request.Receiver} offers no {request.Module} receiver endpoint"));
        if (request.AnswerInstead?.Invoke(cpo) is { } instead)
            return Answer(version, instead);

        // A relay for a CPO the hub knows; the forwarder answers the others (4001) before any body is made.
        CommandRelay? relay = null;
        string? hubUrl = null;
        if (cpo is not null)
        {
            var parties = new CommandParties(context.Caller().Platform.Id, request.Sender, version, cpo.Id, request.Receiver);
            relay = await relays.OpenAsync(request.Name, request.ResponseUrl, parties, context.CorrelationId(), ct);
            hubUrl = cpo.Version is { } cpoVersion ? relays.HubResponseUrl(relay, cpoVersion) : null;
        }

        var body = request.BodyFor is { } bodyFor && hubUrl is not null ? v => bodyFor(hubUrl, v) : (Func<OcpiVersion, object?>?)null;
        // The budget runs from the eMSP's request: the eMSP waits for the hub's work before the call too. Its running out
        // while the call is under way (ForwardBudget) ends the call as a timeout, which the relay records below.
        var outcome = await forwarder.ForwardAsync(new ForwardCall(ForwardKind.Command, request.Sender, request.Receiver, request.Module,
            InterfaceRole.Receiver, request.Method, request.PathFor(hubUrl), body, context.Ocpi().Started?.Timestamp), context.CorrelationId(), ct);
        if (outcome.Answered)
            RoutingHeaders.AnswerFor(context, outcome.Receiver);
        var response = outcome.IsSuccess ? ReadResponse<TResponse>(outcome) : null;
        var (result, timeout) = response is null ? (null, null) : request.AnswerOf(response);
        // The CPO has answered: what its answer leaves behind is written whatever becomes of the eMSP's request (its
        // budget, its connection), or a command the CPO carries out would be lost to the hub.
        if (relay is not null)
            await (result is not null
                ? relays.AnsweredAsync(relay, result, timeout, CancellationToken.None)
                : relays.FailedAsync(relay, $"OCPI {(outcome.IsSuccess ? OcpiStatusCodes.HubError : outcome.OcpiStatus)}", CancellationToken.None));
        if (!outcome.IsSuccess)
            return OcpiResults.Refused(version, outcome.OcpiStatus, outcome.Message ?? $"{outcome.Receiver} answered OCPI {outcome.OcpiStatus}");
        if (response is null || result is null)
            return OcpiResults.Refused(version, OcpiStatusCodes.HubError, $"{outcome.Receiver} answered no valid {typeof(TResponse).Name}");
        if (request.Remember is { } remember)
            await remember(response, relay!, CancellationToken.None);
        return Answer(version, response);
    }

    /// <summary>
    /// The CPO's synchronous answer as the canonical response (CommandResponse, ChargingProfileResponse): a 2.1.1 CPO
    /// gives no timeout, and some 2.2.1+ ones leave out the one they must give: the eMSP is told a default either way,
    /// rather than an error for a request the charge point goes on to carry out. Some give the bare response type as data.
    /// </summary>
    private static TResponse? ReadResponse<TResponse>(ForwardOutcome outcome) where TResponse : class
    {
        var data = outcome.Data is JsonValue bare && bare.TryGetValue<string>(out var value) ? new JsonObject { ["result"] = value } : outcome.Data;
        if (data is JsonObject response && response["timeout"] is null && outcome.ReceiverVersion is not OcpiVersion.V211)
            data = new JsonObject(response.Select(field => KeyValuePair.Create(field.Key, field.Value?.DeepClone())))
            {
                ["timeout"] = Protocol.V211.Translator.DefaultCommandTimeout,
            };
        return (outcome with { Data = data }).CanonicalData<TResponse>();
    }

    private static IResult Answer(OcpiVersion version, object canonical) =>
        OcpiResults.Ok(Translators.FromCanonical(canonical, version, new TranslationContext()), version);
}
