using System.Security.Cryptography;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Commands;

/// <summary>The two ends of a forwarded command: the eMSP that sent it (and waits at its response URL) and the CPO it went to.</summary>
public sealed record CommandParties(string EmspPlatformId, PartyKey Emsp, OcpiVersion EmspVersion, string CpoPlatformId, PartyKey Cpo);

/// <summary>
/// The hub's response URLs: one per forwarded command, stored before the CPO sees it; the CPO's synchronous answer
/// sets how long the hub waits (an error the eMSP was answered ends the relay); the first result (the CPO's, or the hub's TIMEOUT) is queued for the eMSP's own
/// response URL through the delivery queue, in the same transaction that closes the relay.
/// </summary>
public sealed class CommandRelays(ICommandStore store, DeliveryNudge nudge, HubOptions hub, TimeProvider clock)
{
    /// <summary>
    /// Stores a relay for <paramref name="command"/>, whose <paramref name="responseUrl"/> the CPO gets replaced by
    /// <see cref="HubResponseUrl"/>. Until the CPO answers, the hub waits as for a 2.1.1 CPO, which names no timeout.
    /// </summary>
    public async Task<CommandRelay> OpenAsync(string command, string responseUrl, CommandParties parties, string correlationId,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var relay = new CommandRelay
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Command = command,
            CorrelationId = correlationId,
            ResponseUrl = responseUrl,
            EmspPlatformId = parties.EmspPlatformId,
            Emsp = parties.Emsp,
            EmspVersion = parties.EmspVersion,
            CpoPlatformId = parties.CpoPlatformId,
            Cpo = parties.Cpo,
            CreatedAt = now,
            ExpiresAt = now + Wait(null),
        };
        await store.CreateAsync(relay, cancellationToken);
        return relay;
    }

    /// <summary>
    /// Where the CPO posts the result: the hub's sender interface of Commands (or Charging Profiles) in the CPO's
    /// version, with the relay's id.
    /// </summary>
    public string HubResponseUrl(CommandRelay relay, OcpiVersion cpoVersion) =>
        $"{hub.BaseUrl}/ocpi/{cpoVersion.ToWire()}/sender/{RelayedResults.ModuleOf(relay.Command)}/{relay.Command}/{relay.Id}";

    /// <summary>
    /// The CPO answered (<paramref name="answer"/>: its CommandResponseType, or the hub's error when it did not);
    /// only an ACCEPTED command waits for a result, for the timeout the CPO named plus the margin.
    /// </summary>
    public Task AnsweredAsync(CommandRelay relay, string answer, int? timeoutSeconds, CancellationToken cancellationToken) =>
        store.AnsweredAsync(relay.Id, answer, CommandState.Answered, clock.GetUtcNow() + Wait(timeoutSeconds), cancellationToken);

    /// <summary>
    /// The eMSP was answered with an error (<paramref name="error"/>: the CPO's OCPI status, or the hub's): it awaits no
    /// result, so a later one from the CPO is refused rather than relayed to contradict that answer.
    /// </summary>
    public Task FailedAsync(CommandRelay relay, string error, CancellationToken cancellationToken) =>
        store.AnsweredAsync(relay.Id, error, CommandState.Failed, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Queues the CPO's result (canonical, of <see cref="RelayedResults.ModelOf"/> the relay's command) for the eMSP;
    /// false when the relay no longer awaits one.
    /// </summary>
    public Task<bool> RelayAsync(CommandRelay relay, object result, CancellationToken cancellationToken) =>
        CloseAsync(relay, CommandState.ResultRelayed, result, cancellationToken);

    /// <summary>No result in time: the eMSP gets TIMEOUT from the hub (see <see cref="RelayedResults.TimeoutOf"/>), so no app waits forever.</summary>
    public Task<bool> TimeOutAsync(CommandRelay relay, CancellationToken cancellationToken) =>
        CloseAsync(relay, CommandState.TimedOut, RelayedResults.TimeoutOf(relay.Command), cancellationToken);

    private async Task<bool> CloseAsync(CommandRelay relay, CommandState state, object result, CancellationToken cancellationToken)
    {
        // The delivery's path is the eMSP's own URL; its payload the canonical result, translated when it is sent.
        var delivery = new NewDelivery(relay.EmspPlatformId, relay.Emsp, relay.Cpo, "POST", relay.ResponseUrl, CanonicalJson.Of(result).Text);
        if (!await store.CloseAsync(relay.Id, state, RelayedResults.ValueOf(result), delivery, cancellationToken))
            return false;
        nudge.Signal();
        return true;
    }

    private TimeSpan Wait(int? timeoutSeconds) =>
        TimeSpan.FromSeconds((timeoutSeconds ?? Protocol.V211.Translator.DefaultCommandTimeout) + hub.Commands.ResultMarginSeconds);
}
