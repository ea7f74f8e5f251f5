using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Agreements;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Sandbox;

/// <summary>
/// The demo's scripted roaming day between the sandbox partners, narrated on <paramref name="say"/>: agreements
/// (the hub pushes Locations, Tariffs and Tokens), a sync, authorizations and charges with their Sessions and CDRs,
/// START_SESSION commands across versions, an eMSP down for a while that catches up, then a charge and a command
/// every <see cref="Pause"/> until stopped.
/// </summary>
public sealed class RoamingDay(SandboxNetwork network, AgreementService agreements, SyncStarter syncs, TextWriter say)
{
    /// <summary>How long the eMSP stays down: longer than the first retries of the deliveries it misses.</summary>
    public static readonly TimeSpan Downtime = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    public async Task RunAsync(CancellationToken stopping)
    {
        await network.Ready.WaitAsync(stopping);
        var cpos = network.Partners.Where(p => p.IsCpo && p.PlatformId is not null).ToList();
        var emsps = network.Partners.Where(p => !p.IsCpo && p.PlatformId is not null).ToList();

        foreach (var cpo in cpos)
        {
            foreach (var emsp in emsps)
                await agreements.CreateAsync(cpo.Party, emsp.Party, Guid.NewGuid().ToString(), stopping);
        }
        Say($"{cpos.Count * emsps.Count} agreements: every sandbox CPO with every sandbox eMSP; the hub pushes Locations, Tariffs and Tokens across versions");

        var sync = await syncs.StartAsync(new SyncRequest(cpos[0].PlatformId, "full", null), stopping);
        Say($"a full sync of {cpos[0].Name}: {sync.Runs.Count} runs started" + (sync.Problem is null ? "" : $" ({sync.Problem})"));

        await WaitForTokensAsync(cpos, stopping);
        await Task.WhenAll(cpos.Select((cpo, i) => ChargeAsync(cpo, i, stopping)));
        await Task.WhenAll(emsps.Select((emsp, i) => StartSessionAsync(emsp, cpos[(i + 1) % cpos.Count], stopping)));

        var down = emsps[0];
        down.Partner.Unavailable = true;
        Say($"{down.Name} is down for {Downtime.TotalSeconds:0} s: what it misses waits in the hub's delivery queue");
        await ChargeAsync(cpos[^1], 1, stopping);
        await Task.Delay(Downtime, stopping);
        down.Partner.Unavailable = false;
        Say($"{down.Name} is back: the hub retries its deliveries and it catches up");

        for (var round = 0; !stopping.IsCancellationRequested; round++)
        {
            await Task.Delay(Pause, stopping);
            await ChargeAsync(cpos[round % cpos.Count], round, stopping);
            await StartSessionAsync(emsps[round % emsps.Count], cpos[(round + 1) % cpos.Count], stopping);
        }
    }

    private async Task ChargeAsync(SandboxPartner cpo, int pick, CancellationToken stopping)
    {
        var run = await network.ChargeKnownTokenAsync(cpo.Party, pick);
        stopping.ThrowIfCancellationRequested();
        Say(run is null
            ? $"{cpo.Name} knows no token yet"
            : $"{cpo.Name} authorized a token and charged it: Session {run.SessionId}, CDR {run.CdrId}" + (run.AllAccepted ? "" : " (some pushes refused)"));
    }

    private async Task StartSessionAsync(SandboxPartner emsp, SandboxPartner cpo, CancellationToken stopping)
    {
        var answer = await network.StartSessionAsync(emsp.Party, cpo.Party, cpo.LocationIds[^1]);
        stopping.ThrowIfCancellationRequested();
        Say($"{emsp.Name} sent START_SESSION to {cpo.Name} ({cpo.Version.ToWire()}): answered {answer.Envelope?["status_code"]}; the result and the charge follow");
    }

    // The agreements' backfill pushes each CPO the eMSPs' Tokens; the charges wait for them (bounded).
    private static async Task WaitForTokensAsync(IReadOnlyList<SandboxPartner> cpos, CancellationToken stopping)
    {
        for (var waited = 0; waited < 100 && cpos.Any(c => c.KnownTokens.Count == 0); waited++)
            await Task.Delay(200, stopping);
    }

    private void Say(string line) => say.WriteLine($"{DateTimeOffset.Now:HH:mm:ss}  {line}");
}
