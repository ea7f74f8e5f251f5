using System.Text.Json.Nodes;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Telemetry;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Sends one delivery: an object change to the receiver's module endpoint, translated to the receiver's version, or a
/// command result to the eMSP's own response URL, translated to the version the command was sent in; with the
/// receiver's token, the routing headers (2.2.1+) and the correlation id of what caused it.
/// </summary>
public sealed class DeliverySender(IPlatformStore platforms, IAgreementStore agreements, IDataStore data, ICommandStore commands, Presenter presenter,
    PartnerClient client, HubSecrets secrets, HubOptions hub, HubTelemetry telemetry, TimeProvider clock)
{
    /// <summary>
    /// What calling the receiver needs besides the delivery (its platform, version and the hub's token for it), as the
    /// node's copy of the platforms has it now; the problem instead when no delivery can reach it.
    /// </summary>
    public async Task<(ReceiverLink? Link, string? Problem)> LinkAsync(string receiverPlatformId, CancellationToken cancellationToken)
    {
        if (await platforms.FindAsync(receiverPlatformId, cancellationToken) is not { IsRegistered: true, Version: { } version } receiver)
            return (null, "the receiver is no longer registered");
        if (secrets.OpenToken(await platforms.OutboundTokenAsync(receiver.Id, cancellationToken)) is not { } token)
            return (null, "the hub holds no token to call the receiver");
        return (new(receiver, version, OutboundAuth.For(token, version, receiver.Settings.OutboundTokenBase64)), null);
    }

    // The metrics' names of the outcomes (delivered, retry, give_up, send_full_state), made once rather than per delivery.
    private static readonly Dictionary<DeliveryResult, string> OutcomeNames = Enum.GetValues<DeliveryResult>()
        .ToDictionary(result => result, result => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(result.ToString()));

    /// <summary>One attempt, as a span of the hub's own (tagged with the correlation id) and counted and timed in the metrics.</summary>
    public async Task<DeliveryOutcome> SendAsync(Delivery delivery, ReceiverLink link, CancellationToken cancellationToken)
    {
        var module = delivery.Module.Identifier();
        using var activity = HubTelemetry.Source.StartActivity("deliver")
            ?.SetTag("ocpi.receiver", link.Platform.Id).SetTag("ocpi.module", module).SetTag(RequestTelemetry.CorrelationIdTag, delivery.CorrelationId);
        var started = clock.GetTimestamp();
        var outcome = await SendOnceAsync(delivery, link, cancellationToken);
        telemetry.Delivered(link.Platform.Id, module, OutcomeNames[outcome.Result], clock.GetElapsedTime(started));
        activity?.SetTag("ocpihub.outcome", outcome.Result.ToString());
        return outcome;
    }

    private async Task<DeliveryOutcome> SendOnceAsync(Delivery delivery, ReceiverLink link, CancellationToken cancellationToken)
    {
        var (receiver, version, auth) = link;
        var isRelayedResult = DeliveryLaneKey.IsResult(delivery.Module);
        // A relayed result goes to the URL its eMSP gave, whichever platform carries that eMSP now.
        if (!isRelayedResult && !receiver.Parties.Any(p => p.Key == delivery.Receiver))
            return await CarrierNowAsync(delivery, cancellationToken);
        if (!isRelayedResult)
        {
            (delivery, var withheld) = await AsReceiverReadsItAsync(delivery, receiver, cancellationToken);
            if (withheld is not null)
                return new(DeliveryResult.GiveUp, withheld);
        }
        var (url, body, problem, losses, bodyVersion) = isRelayedResult
            ? await RelayedResultTargetAsync(delivery, cancellationToken)
            : await DataTargetAsync(delivery, receiver, version, cancellationToken);
        if (problem is not null)
            return new(DeliveryResult.GiveUp, problem);
        // In the version of what is sent: a relayed result, in the command's (no routing headers at a 2.1.1 URL).
        var callVersion = bodyVersion ?? version;
        var headers = delivery.Module.IsRouted() ? RoutingHeaders.Outbound(callVersion, delivery.Sender, delivery.Receiver) : [];
        // What the receiver's version cannot carry goes with the call into its log entry, and is counted.
        telemetry.Lost(receiver.Id, delivery.Module.Identifier(), losses);

        try
        {
            var answer = await client.SendAsync<JsonNode>(HttpMethod.Parse(delivery.Method), url!, auth, callVersion, delivery.CorrelationId, body,
                new PartnerCallInfo(receiver.Id, delivery.Module.Identifier(), delivery.Sender, delivery.Receiver, [.. losses.Select(l => l.ToString())]),
                headers, cancellationToken: cancellationToken);
            return Judge(delivery, answer.HttpStatus, answer.StatusCode, answer.Describe());
        }
        catch (PartnerCallException e)
        {
            return new(e.Permanent ? DeliveryResult.GiveUp : DeliveryResult.Retry, e.Message);
        }
    }

    /// <summary>
    /// A receiver party its platform no longer carries (the platform's credentials dropped it, or it moved): see
    /// <see cref="ToCarrierNowAsync"/>. Never sent to a platform that no longer speaks for the party.
    /// </summary>
    private Task<DeliveryOutcome> CarrierNowAsync(Delivery delivery, CancellationToken cancellationToken) =>
        ToCarrierNowAsync(delivery, $"platform {delivery.ReceiverPlatformId} no longer carries {delivery.Receiver}", cancellationToken);

    /// <summary>
    /// A delivery whose platform cannot be called (<paramref name="problem"/>: it unregistered, was removed, holds no
    /// token): see <see cref="ToCarrierNowAsync"/>. A relayed result is given up: it belongs to the response URL the
    /// eMSP gave through the platform that is gone.
    /// </summary>
    public async Task<DeliveryOutcome> UnreachableAsync(Delivery delivery, string problem, CancellationToken cancellationToken) =>
        DeliveryLaneKey.IsResult(delivery.Module) ? new(DeliveryResult.GiveUp, problem) : await ToCarrierNowAsync(delivery, problem, cancellationToken);

    /// <summary>
    /// A delivery its platform cannot take for its receiver party (<paramref name="problem"/>). A Session or CDR, which
    /// nothing would send the party again, moves to the platform that carries the party now (sent there in its turn and
    /// version; a Session change as the whole Session, as newer changes may have gone there first), or waits for one
    /// (retried until the retry window closes, then a dead letter an operator can re-drive). Other changes are given up:
    /// a party that comes to another platform is brought the stored state there (<see cref="Agreements.AgreementBackfill"/>).
    /// </summary>
    private async Task<DeliveryOutcome> ToCarrierNowAsync(Delivery delivery, string problem, CancellationToken cancellationToken)
    {
        if (!delivery.Module.IsPartySpecific())
            return new(DeliveryResult.GiveUp, problem);
        return await platforms.FindByPartyAsync(delivery.Receiver, cancellationToken) is { } now && now.Id != delivery.ReceiverPlatformId
            ? now.IsRegistered
                ? new(DeliveryResult.MoveTo, $"{delivery.Receiver} is carried by platform {now.Id} now", now.Id)
                : new(DeliveryResult.Retry, $"{delivery.Receiver} is carried by platform {now.Id} now, not registered yet")
            : new(DeliveryResult.Retry, problem);
    }

    /// <summary>
    /// An object change goes to the receiver's endpoint of the module, with the owner's ids in the URL (for a 2.1.1
    /// receiver the hub's own when its settings say so), translated to the receiver's version.
    /// </summary>
    private async Task<Target> DataTargetAsync(Delivery delivery, Platform receiver, OcpiVersion version, CancellationToken cancellationToken)
    {
        if (!receiver.TakesPushes)
            return Target.Unusable("the receiver's push setting is off: it pulls from the hub");
        // Queued while the agreement stood, sent after it was suspended or ended (a receiver that was down, a re-drive):
        // no data goes between parties without an active agreement. ClientInfo, which tells them so, still goes. The
        // resumption brings what is stored, not what was removed: a removal is recorded to be withdrawn then.
        if (delivery.Module.IsStored() && !await AgreedAsync(delivery.Module, delivery.Owner, delivery.Receiver, cancellationToken)
            && (delivery.Method != "DELETE" || await data.RemovalStoppedAsync(new ObjectAddress(delivery.Module, delivery.Owner, delivery.ObjectKey), delivery.CreatedAt,
                async () => !await AgreedAsync(delivery.Module, delivery.Owner, delivery.Receiver, cancellationToken), cancellationToken)))
            return Target.Unusable($"{delivery.Owner} and {delivery.Receiver} have no active roaming agreement");
        if (receiver.Endpoint(delivery.Module.Identifier(), InterfaceRole.Receiver.Value) is not { } endpoint)
            return Target.Unusable($"the receiver has no {delivery.Module.Identifier()} receiver endpoint");

        var urlOwner = version == OcpiVersion.V211 && !receiver.Settings.V211OwnerIdentityInUrls ? new PartyKey(hub.CountryCode, hub.PartyId) : delivery.Owner;
        var url = delivery.Method == "POST"
            ? endpoint.Url
            : string.Join('/', new[] { endpoint.Url.TrimEnd('/'), urlOwner.CountryCode, urlOwner.PartyId, DataShapes.For(delivery.Module).PathIn(version, delivery.Path) }
                .Where(segment => segment.Length > 0));
        if (delivery.Payload is not { } payload)
            return new(url, null, null, []);
        var (body, losses) = await presenter.PresentAsync(version, delivery.Module, Canonical.FromJson(payload, CanonicalModel(delivery)),
            delivery.Owner, receiver.Settings, isPatch: delivery.Method == "PATCH", cancellationToken);
        return new(url, body, null, losses);
    }

    // The receiver's agreements, not the owner's: a broadcast's owner has one with every receiver, each receiver few.
    private async Task<bool> AgreedAsync(DataModule module, PartyKey owner, PartyKey receiver, CancellationToken cancellationToken) =>
        (await agreements.ForPartyAsync(receiver, cancellationToken)).Any(a => Receivers.CarriesData(a, module, owner) && a.CounterpartOf(owner) == receiver);

    /// <summary>
    /// A relayed result goes to the eMSP's own response URL (the delivery's path), whatever its push setting, as the
    /// model of the relay's request (the delivery's object key is the relay's id), in the version the eMSP sent the
    /// request in (the version of that URL, whatever its platform speaks since): a command's result in 2.2.1+ as a
    /// CommandResult, in 2.1.1 as a CommandResponse; a charging-profile request's as its *Result.
    /// </summary>
    private async Task<Target> RelayedResultTargetAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        // The object key is the relay's id upper-cased, as every object key; relay ids are lower-case hex.
        if (await commands.FindAsync(delivery.ObjectKey.ToLowerInvariant(), cancellationToken) is not { } relay)
            return Target.Unusable("the relay of this result is gone");
        var version = relay.EmspVersion;
        var result = Canonical.FromJson(delivery.Payload!, RelayedResults.ModelOf(relay.Command));
        var context = new TranslationContext();
        object body = version == OcpiVersion.V211 && result is Protocol.V230.CommandResult command
            ? Translators.WithoutUnknownFields(Protocol.V211.Translator.FromCanonicalResult(command, context), version, context)
            : Translators.FromCanonical(result, version, context);
        return new(delivery.Path, body, null, context.Losses, version);
    }

    /// <summary>
    /// A 2xx with a success status is delivered. A client error about the change (OCPI 2xxx, HTTP 4xx but
    /// 408/429) will not pass by retrying: a PATCH becomes a PUT of the full object (the spec's remedy), anything
    /// else is given up. Everything else (timeouts, 5xx, 3xxx) is retried.
    /// </summary>
    private static DeliveryOutcome Judge(Delivery delivery, int http, int? status, string described)
    {
        if (http is >= 200 and < 300 && status is { } code && OcpiStatusCodes.IsSuccess(code))
            return new(DeliveryResult.Delivered);
        var refused = status is >= 2000 and < 3000 || (http is >= 400 and < 500 && http is not (408 or 429));
        if (!refused)
            return new(DeliveryResult.Retry, described);
        return delivery.Method == "PATCH" && delivery.Module.Collapsible()
            ? new(DeliveryResult.SendFullState, described)
            : new(DeliveryResult.GiveUp, described);
    }

    /// <summary>
    /// The delivery as this receiver must get it: a PATCH whose meaning differs in the receiver's version becomes
    /// a PUT of the object's current state (which holds the change), unless the receiver may no longer see that state
    /// (a Location unpublished since the PATCH was queued): then why it is withheld.
    /// </summary>
    private async Task<(Delivery Delivery, string? Withheld)> AsReceiverReadsItAsync(Delivery delivery, Platform receiver, CancellationToken cancellationToken)
    {
        var shape = DataShapes.For(delivery.Module);
        if (delivery.Method != "PATCH" || delivery.Payload is null || receiver.Version is not { } version
            || !shape.PatchNeedsFullState(version, delivery.Payload)
            || await data.FindAsync(delivery.Module, delivery.Owner, delivery.ObjectKey, cancellationToken) is not { } stored)
            return (delivery, null);
        if (!await MaySeeAsync(delivery, receiver, stored.Body, data, cancellationToken))
            return (delivery, $"{delivery.Receiver} may no longer see {stored.Id} as it is stored now");
        return (delivery with { Method = "PUT", Path = shape.ObjectPath(stored.Id), Payload = stored.Body }, null);
    }

    /// <summary>
    /// Whether the receiver party of <paramref name="delivery"/>, on <paramref name="receiver"/>, may see the object as
    /// <paramref name="body"/> is, what it depends on (the tokens an unpublished Location names) read by <paramref name="finder"/>.
    /// </summary>
    public async Task<bool> MaySeeAsync(Delivery delivery, Platform receiver, string body, IObjectFinder finder, CancellationToken cancellationToken) =>
        (await DataShapes.For(delivery.Module).AudienceAsync(body, clock.GetUtcNow(), finder, cancellationToken)).Includes(receiver, delivery.Receiver);

    /// <summary>The canonical model of what a delivery carries: the object its path addresses.</summary>
    private static Type CanonicalModel(Delivery delivery)
    {
        var shape = DataShapes.For(delivery.Module);
        return shape.CanonicalModel(shape.ParseIds(delivery.Path.Split('?')[0])?.Count ?? 1);
    }
}

/// <summary>
/// Where a delivery goes and what it carries, with what its translation lost; or why it cannot go. <paramref name="BodyVersion"/>:
/// the version the body is written in where it is not the receiver's (a relayed result).
/// </summary>
internal sealed record Target(string? Url, object? Body, string? Problem, IReadOnlyList<TranslationLoss> Losses, OcpiVersion? BodyVersion = null)
{
    public static Target Unusable(string problem) => new(null, null, problem, []);
}

/// <summary>A receiver as the hub calls it: its platform, its version, and the hub's token for it.</summary>
public sealed record ReceiverLink(Platform Platform, OcpiVersion Version, OutboundAuth Auth);
