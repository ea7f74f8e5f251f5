using System.Text.Json.Nodes;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Onboarding;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Sandbox;

/// <summary>Why a sandbox action cannot be done (an unknown party, a partner with no such location), as the admin API tells it.</summary>
public sealed class SandboxException(string message) : Exception(message);

/// <summary>
/// The sandbox's simulated partners, run in the hub's process on their own loopback ports, each connected to the hub
/// by the real credentials handshake (the hub connects with a token A the partner issued), then pushing its generated
/// data. Sandbox CPOs answer commands and charge; sandbox eMSPs authorize their tokens and start sessions.
/// </summary>
public sealed class SandboxNetwork(HubOptions hub, Registration registration, IPlatformStore platforms, ILogger<SandboxNetwork> log) : IAsyncDisposable
{
    private readonly SandboxOptions options = hub.Sandbox;
    private readonly List<SandboxPartner> partners = [];
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();

    public IReadOnlyList<SandboxPartner> Partners
    {
        get
        {
            lock (partners)
                return [.. partners];
        }
    }

    /// <summary>Completes once every partner is connected and has pushed its data.</summary>
    public Task Ready => ready.Task;

    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    public SandboxPartner Find(PartyKey party) => Partners.FirstOrDefault(p => p.Party == party)
        ?? throw new SandboxException($"{party} is not a sandbox party (they are {string.Join(", ", Partners.Select(p => p.Party))})");

    /// <summary>Starts, connects and fills every partner; a partner that fails to connect is logged and left out.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (version, role, partyText) in options.Parties)
            {
                var partner = await StartPartnerAsync(version, role, SandboxSetup.Party(partyText), cancellationToken);
                lock (partners)
                    partners.Add(partner);
                try
                {
                    await ConnectAsync(partner, cancellationToken);
                    await PushOwnDataAsync(partner);
                }
                catch (Exception e) when (e is RegistrationException or HttpRequestException or InvalidOperationException)
                {
                    log.LogWarning("sandbox partner {Party} ({Version}) did not connect: {Reason}", partner.Party, version.ToWire(), e.Message);
                }
            }
            ready.TrySetResult();
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
            throw;
        }
    }

    /// <summary>
    /// The eMSP <paramref name="emsp"/> sends START_SESSION for its first token to the CPO <paramref name="cpo"/>'s
    /// Location; the hub's answer is returned (the result follows at the eMSP's response URL).
    /// </summary>
    public Task<PostedResult> StartSessionAsync(PartyKey emsp, PartyKey cpo, string locationId, string? evseUid = null)
    {
        var sender = Find(emsp);
        if (sender.IsCpo)
            throw new SandboxException($"{emsp} is a sandbox CPO: START_SESSION is sent by an eMSP");
        var body = new JsonObject { ["token"] = sender.OwnTokens[0], ["location_id"] = locationId };
        if (evseUid is not null || sender.Version == OcpiVersion.V211)
            body["evse_uid"] = evseUid ?? SampleData.EvseUid(locationId, 1);
        return sender.Partner.SendCommandAsync("START_SESSION", body, cpo.CountryCode, cpo.PartyId);
    }

    /// <summary>
    /// The CPO <paramref name="cpo"/> charges one of the tokens the hub gave it (the <paramref name="pick"/>th, round),
    /// at its Location <paramref name="locationId"/> (its first when null), after a real-time authorization of the token
    /// through the hub; null when it knows no token yet.
    /// </summary>
    public async Task<ChargeRun?> ChargeKnownTokenAsync(PartyKey cpo, int pick, string? locationId = null)
    {
        var charger = Find(cpo);
        if (!charger.IsCpo)
            throw new SandboxException($"{cpo} is a sandbox eMSP: only a CPO charges");
        var tokens = charger.KnownTokens;
        if (tokens.Count == 0)
            return null;
        var token = tokens[pick % tokens.Count];
        await charger.Partner.AuthorizeAsync((string)token["uid"]!);
        return await ChargeAsync(charger, token, locationId ?? charger.LocationIds[0], null);
    }

    private Task<ChargeRun> ChargeAsync(SandboxPartner cpo, JsonObject token, string locationId, string? evseUid) =>
        cpo.Partner.ChargeAsync(token, locationId, evseUid, TimeSpan.FromSeconds(options.ChargeStepSeconds), stopping.Token);

    private async Task<SandboxPartner> StartPartnerAsync(OcpiVersion version, string role, PartyKey party, CancellationToken cancellationToken)
    {
        var name = $"Sandbox {(role == Party.Cpo ? "CPO" : "eMSP")} {version.ToWire()}";
        var simulated = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = version,
            Parties = [new SimulatedParty(party.CountryCode, party.PartyId, role, name)],
            Base64Tokens = version != OcpiVersion.V211,
            RequestLogLimit = 2000,
        }, cancellationToken);
        var partner = new SandboxPartner(simulated, role, party);
        var now = DateTimeOffset.UtcNow;
        var own = simulated.Options.Parties[0];
        if (partner.IsCpo)
        {
            foreach (var number in (int[])[1, 2])
                simulated.Sender("tariffs").Put(SampleData.Tariff(version, own, number, now).ToJsonString());
            for (var number = 1; number <= options.LocationsPerCpo; number++)
                simulated.Sender("locations").Put(SampleData.Location(version, own, number, options.EvsesPerLocation, now).ToJsonString());
            simulated.Commands.Outcome = new CommandOutcome { Delay = TimeSpan.FromSeconds(options.CommandResultDelaySeconds) };
            simulated.Commands.AfterAccepted = (command, body) => command == "START_SESSION" ? ChargeForCommandAsync(partner, body) : Task.CompletedTask;
        }
        else
        {
            for (var number = 1; number <= options.TokensPerEmsp; number++)
            {
                var token = SampleData.Token(version, own, number, now);
                simulated.Sender("tokens").Put(token.ToJsonString());
                simulated.Authorizations.Answer((string)token["uid"]!, new AuthorizationAnswer("ALLOWED", AuthorizationReference: $"AUTH{number:0000}"));
            }
        }
        return partner;
    }

    // A START_SESSION accepted: the charge point charges the token the command named, at its location and EVSE.
    private async Task ChargeForCommandAsync(SandboxPartner cpo, JsonObject command)
    {
        try
        {
            if (command["token"] is JsonObject token && (string?)command["location_id"] is { } location
                && await ChargeAsync(cpo, token, location, (string?)command["evse_uid"]) is { AllAccepted: false } run)
            {
                var refused = run.Answers.First(a => !a.Accepted);
                log.LogWarning("sandbox CPO {Party}: the hub refused a push of its charge: {Url} {Status} {Answer}", cpo.Party, refused.Url, refused.HttpStatus, refused.Envelope);
            }
        }
        catch (Exception e) when (e is ArgumentException or HttpRequestException or OperationCanceledException)
        {
            log.LogInformation("sandbox CPO {Party} did not charge after START_SESSION: {Reason}", cpo.Party, e.Message);
        }
    }

    /// <summary>
    /// The hub connects to the partner with a token A the partner issued; the sandbox platform left from an earlier
    /// run (its partner gone with that process) is removed first, so its party is free again.
    /// </summary>
    private async Task ConnectAsync(SandboxPartner partner, CancellationToken cancellationToken)
    {
        if (await platforms.FindByPartyAsync(partner.Party, cancellationToken) is { } earlier && earlier.Name == partner.Name)
            await platforms.DeleteAsync(earlier.Id, cancellationToken: cancellationToken);
        var declared = new Party(partner.Party, partner.Role, partner.Name);
        var platform = await registration.ConnectAsync(partner.Name, partner.Partner.VersionsUrl, partner.Partner.IssueTokenA(), declared,
            TraceIds.New(), cancellationToken);
        partner.PlatformId = platform.Id;
    }

    // What a partner pushes after connecting: a CPO its Tariffs and Locations, an eMSP its Tokens.
    private static async Task PushOwnDataAsync(SandboxPartner partner)
    {
        string[] modules = partner.IsCpo ? ["tariffs", "locations"] : ["tokens"];
        foreach (var module in modules)
        {
            foreach (var item in partner.Partner.Sender(module).All())
                await partner.Partner.PushAsync(module, item);
        }
    }

    /// <summary>Ends the charges under way (the hub is stopping); the partners stop when disposed.</summary>
    public void Stop() => stopping.Cancel();

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        foreach (var partner in Partners)
            await partner.Partner.DisposeAsync();
        stopping.Dispose();
    }
}
