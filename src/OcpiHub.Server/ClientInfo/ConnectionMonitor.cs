using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Onboarding;
using OcpiHub.Storage;

namespace OcpiHub.Server.ClientInfo;

/// <summary>
/// Knows whether each platform is alive: any authenticated message says so; a platform silent for longer than
/// the configured time gets a GET on its versions endpoint (side-effect free), and goes OFFLINE or back to
/// CONNECTED by the answer, which its counterparts hear through HubClientInfo.
/// </summary>
public sealed class ConnectionMonitor(
    IPlatformStore platforms, Agreements.AgreementBackfill backfill, PartnerClient client, Hosting.HubSecrets secrets, Hosting.HubOptions options,
    LastSeenRecorder lastSeen, TimeProvider clock)
{
    public TimeSpan ProbeAfter => TimeSpan.FromMinutes(options.ProbeAfterMinutes);

    public async Task SeenAsync(Platform platform, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (platform.Status != PlatformStatus.Offline || !await ChangeStatusAsync(platform, PlatformStatus.Connected, now, cancellationToken))
            lastSeen.Seen(platform.Id, now);
    }

    /// <summary>Probes every registered platform that has been silent for longer than <see cref="ProbeAfter"/>.</summary>
    public async Task ProbeSilentAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // As stored, not as a node's copy of the platforms holds them: every node writes them as it sees platforms.
        var stored = await platforms.LastSeenAsync(cancellationToken);
        foreach (var platform in await platforms.AllAsync(cancellationToken))
        {
            var seen = stored.TryGetValue(platform.Id, out var at) ? at : platform.LastSeenAt;
            if (platform.IsRegistered && (seen is null || now - seen >= ProbeAfter))
                await ProbeAsync(platform, cancellationToken);
        }
    }

    public async Task ProbeAsync(Platform platform, CancellationToken cancellationToken)
    {
        var alive = await AnswersAsync(platform, cancellationToken);
        DateTimeOffset? seenAt = alive ? clock.GetUtcNow() : null;
        if (seenAt is { } at)
            await platforms.TouchAsync(platform.Id, at, cancellationToken);
        var status = alive ? PlatformStatus.Connected : PlatformStatus.Offline;
        if (status != platform.Status)
            await ChangeStatusAsync(platform, status, seenAt, cancellationToken);
    }

    private async Task<bool> AnswersAsync(Platform platform, CancellationToken cancellationToken)
    {
        if (platform.VersionsUrl is null || secrets.OpenToken(await platforms.OutboundTokenAsync(platform.Id, cancellationToken)) is not { } token)
            return false;
        var auth = OutboundAuth.For(token, platform.Version!.Value, platform.Settings.OutboundTokenBase64);
        try
        {
            var answer = await client.GetAsync<List<VersionInfo>>(platform.VersionsUrl, auth, Protocol.OcpiVersion.V230, TraceIds.New(),
                new Messages.PartnerCallInfo(platform.Id, "versions"), cancellationToken: cancellationToken);
            return answer.IsSuccess;
        }
        catch (PartnerCallException)
        {
            return false;
        }
    }

    /// <summary>
    /// Changes the status of <paramref name="seen"/> only as stored now and only if it still has the status seen: while
    /// the partner was asked, the operator may have changed or removed the platform, or the partner its credentials.
    /// Whether it changed (its counterparts then hear of it: recorded with the change, <see cref="IPlatformStore.SaveAsync(Platform, TokenChanges, string?, CancellationToken)"/>).
    /// </summary>
    private async Task<bool> ChangeStatusAsync(Platform seen, PlatformStatus status, DateTimeOffset? seenAt, CancellationToken cancellationToken)
    {
        var change = await platforms.UpdateAsync(seen.Id,
            stored => stored.Status == seen.Status ? stored with { Status = status, LastSeenAt = seenAt ?? stored.LastSeenAt } : null, cancellationToken);
        if (change is null)
            return false;
        backfill.Started();
        return true;
    }
}

/// <summary>
/// Runs the probe of silent platforms periodically, on one node of several at a time (<see cref="NodeLeaseStore"/>):
/// a platform is asked once, not once per node. The lease is renewed while a round runs (a round of unreachable
/// partners takes up to their call budget each), and a round whose lease is lost stops.
/// </summary>
public sealed class ConnectionProbeWorker(ConnectionMonitor monitor, NodeLeaseStore leases, Core.Nodes.HubNode node, TimeProvider clock,
    ILogger<ConnectionProbeWorker> log) : BackgroundService
{
    private const string LeaseName = "connection-probe";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(monitor.ProbeAfter.Ticks / 2, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
        // Held for three rounds: a node that died leaves the probe to another after them.
        Task<bool> HoldAsync(CancellationToken token) => leases.HoldAsync(LeaseName, new(node.Id, clock.GetUtcNow() + interval * 3), token);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                if (!await HoldAsync(stoppingToken))
                    continue;
                var holding = KeepHoldingAsync(HoldAsync, interval, round);
                try
                {
                    await monitor.ProbeSilentAsync(round.Token);
                }
                finally
                {
                    await round.CancelAsync();
                    await holding;
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("the probe of silent platforms stopped: this node no longer holds its lease");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "probing silent platforms failed");
            }
        }
    }

    /// <summary>Renews the lease every <paramref name="interval"/> until <paramref name="round"/> ends; cancels the round when it is lost.</summary>
    private async Task KeepHoldingAsync(Func<CancellationToken, Task<bool>> hold, TimeSpan interval, CancellationTokenSource round)
    {
        try
        {
            while (!round.IsCancellationRequested)
            {
                await Task.Delay(interval, clock, round.Token);
                if (!await hold(round.Token))
                    await round.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The round ended.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "renewing the probe's lease failed; the round stops");
            await round.CancelAsync();
        }
    }
}
