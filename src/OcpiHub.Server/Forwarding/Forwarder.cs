using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Forwarding;

/// <summary>
/// Calls the receiver of a forwarded request (product spec sections 5 and 6, docs/routing.md "Forwarding"): its
/// endpoint of the module in the role asked, with its token and version, the routing headers of the original parties
/// (OCPI-to = receiver, OCPI-from = sender; none to 2.1.1), a new <c>X-Request-ID</c> and the caller's
/// <c>X-Correlation-ID</c>, within the time budget of the kind. Never throws for the receiver's sake and never
/// waits past the budget: every end is an <see cref="ForwardOutcome"/>. The hop is in the message log.
/// </summary>
public sealed class Forwarder(IPlatformStore platforms, PartnerClient client, HubSecrets secrets, HubOptions hub, Hosting.Telemetry.HubTelemetry telemetry,
    TimeProvider clock)
{
    public TimeSpan Budget(ForwardKind kind) => TimeSpan.FromSeconds(kind switch
    {
        ForwardKind.Authorization => hub.Forwarding.AuthorizationTimeoutSeconds,
        _ => hub.Forwarding.CommandTimeoutSeconds,
    });

    /// <summary>Forwards <paramref name="call"/>; its latency (to the answer or the hub's failure) and status go into the metrics.</summary>
    public async Task<ForwardOutcome> ForwardAsync(ForwardCall call, string correlationId, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        ForwardOutcome outcome;
        try
        {
            outcome = await SendAsync(call, correlationId, cancellationToken);
        }
        // The handling of the call's request was cancelled: its budget ran out (ForwardBudget, at the moment the call's own
        // timeout would end it too), or its sender went away. Either way, no answer in time: the caller ends as it would then.
        catch (OperationCanceledException) when (call.Arrived is not null && cancellationToken.IsCancellationRequested)
        {
            outcome = TimedOut(call);
        }
        telemetry.Forwarded(call.Kind.ToString().ToLowerInvariant(), call.Module, outcome.OcpiStatus, clock.GetElapsedTime(started));
        return outcome;
    }

    private async Task<ForwardOutcome> SendAsync(ForwardCall call, string correlationId, CancellationToken cancellationToken)
    {
        var receiver = call.Receiver;
        if (await platforms.FindByPartyAsync(receiver, cancellationToken) is not { IsRegistered: true, Version: { } version } platform)
            return ForwardOutcome.Failed(receiver, OcpiStatusCodes.UnknownReceiver, $"{receiver} is not connected to the hub");
        if (platform.Endpoint(call.Module, call.Role.Value) is not { } endpoint)
            return ForwardOutcome.Failed(receiver, OcpiStatusCodes.UnknownReceiver, $"{receiver} has no {call.Module} {call.Role.Value.ToLowerInvariant()} endpoint");
        if (secrets.OpenToken(await platforms.OutboundTokenAsync(platform.Id, cancellationToken)) is not { } token)
            return ForwardOutcome.Failed(receiver, OcpiStatusCodes.UnknownReceiver, $"the hub holds no token to call {receiver}");

        var budget = Left(call);
        if (budget <= TimeSpan.Zero)
            return TimedOut(call);
        var url = $"{endpoint.Url.TrimEnd('/')}/{call.Path.TrimStart('/')}";
        var auth = OutboundAuth.For(token, version, platform.Settings.OutboundTokenBase64);
        try
        {
            var answer = await client.SendAsync<JsonNode>(call.Method, url, auth, version, correlationId, call.BodyFor?.Invoke(version),
                new PartnerCallInfo(platform.Id, call.Module, call.Sender, receiver), RoutingHeaders.Outbound(version, call.Sender, receiver),
                budget, cancellationToken);
            return (answer.StatusCode is { } status
                ? new ForwardOutcome(receiver, status, answer.StatusMessage, answer.Data, version)
                : ForwardOutcome.Failed(receiver, OcpiStatusCodes.HubError, $"{receiver} answered HTTP {answer.HttpStatus} without an OCPI status"))
                with { HttpStatus = answer.HttpStatus };
        }
        catch (PartnerCallException e) when (e.TimedOut)
        {
            return TimedOut(call);
        }
        catch (PartnerCallException e)
        {
            return ForwardOutcome.Failed(receiver, OcpiStatusCodes.ConnectionProblem, $"{receiver} could not be reached: {e.Message}");
        }
    }

    /// <summary>What is left of the call's budget: all of it when it runs from the call, else what its request's arrival left.</summary>
    private TimeSpan Left(ForwardCall call) => Budget(call.Kind) - (call.Arrived is { } arrived ? clock.GetElapsedTime(arrived) : TimeSpan.Zero);

    private ForwardOutcome TimedOut(ForwardCall call) => ForwardOutcome.Failed(call.Receiver, OcpiStatusCodes.ForwardTimeout,
        $"no answer of {call.Receiver} within {Budget(call.Kind).TotalSeconds:0.###} s" + (call.Arrived is null ? "" : " of the request"));
}
