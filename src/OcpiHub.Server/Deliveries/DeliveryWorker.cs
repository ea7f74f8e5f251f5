using System.Collections.Concurrent;
using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Telemetry;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Sends what the outbox holds, as one of possibly several hub nodes on one database. It claims due deliveries in
/// batches under a lease in its node's name (<c>Hub:DeliveryLeaseSeconds</c>), renews the lease of what it still
/// holds every third of it, and at start and stop releases its own leases only; a node that died leaves leases that
/// run out, and any node takes those deliveries over. Each receiver platform has its own lane
/// (<see cref="DeliveryLane"/>), so a slow or failing receiver delays only itself, and a second one for the command
/// results relayed to it (<see cref="DeliveryLaneKey"/>), so a result never waits behind its data; each object's
/// changes go in order whichever node sends them (the store hands out an object's pending changes from the oldest on,
/// which a lane sends one after another). Failures are retried with exponential backoff until the retry window
/// closes, then the delivery is dead-lettered for an operator to re-drive.
/// </summary>
public sealed class DeliveryWorker(IDataStore data, DeliverySender sender, DeliveryNudge nudge, HubOptions options, HubNode node, TimeProvider clock,
    HubTelemetry telemetry, ILogger<DeliveryWorker> log) : BackgroundService
{
    private const int ClaimSize = 500;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<DeliveryLaneKey, Task> lanes = new();
    // What this node's lanes hold: the leases it renews. A delivery a lane no longer holds (its lane ended or failed)
    // is not renewed, so its lease can only run out, never be kept by mistake; nor is one whose outcome is written or
    // which a run handed back, as renewal touches only what the node still leases.
    private readonly ConcurrentDictionary<long, byte> held = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var completions = new DeliveryCompletions(data, node.Id, log);
        var writing = completions.RunAsync();
        await data.ReleaseLeasesAsync(node.Id, cancellationToken: stoppingToken);
        var renewing = RenewLeasesAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(completions, stoppingToken);
                await nudge.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "dispatching deliveries failed");
                await Task.Delay(Poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(lanes.Values);
        completions.Stop();
        await writing;
        await renewing;
        await ReleaseOnStopAsync();
    }

    private async Task DispatchDueAsync(DeliveryCompletions completions, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        var due = await data.ClaimDueAsync(now, new NodeLease(node.Id, now + options.DeliveryLease), ClaimSize, lanes.Keys.ToArray(), stoppingToken);
        foreach (var lane in due.GroupBy(DeliveryLaneKey.Of))
        {
            // The lane is registered before it starts, so it cannot end (and unregister) before it is known.
            var done = new TaskCompletionSource();
            if (lanes.TryAdd(lane.Key, done.Task))
                _ = Task.Run(() => RunLaneAsync(lane.Key, lane.ToList(), completions, done, stoppingToken), CancellationToken.None);
        }
    }

    private async Task RunLaneAsync(DeliveryLaneKey lane, IReadOnlyList<Delivery> batch, DeliveryCompletions completions, TaskCompletionSource done,
        CancellationToken stoppingToken)
    {
        foreach (var delivery in batch)
            held.TryAdd(delivery.Seq, 0);
        try
        {
            await new DeliveryLane(data, sender, completions, options, node.Id, clock, telemetry, log).SendAsync(lane.ReceiverPlatformId, batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not sent is released when the worker stops.
        }
        catch (Exception e)
        {
            log.LogError(e, "delivering to platform {Receiver} failed", lane.ReceiverPlatformId);
        }
        finally
        {
            foreach (var delivery in batch)
                held.TryRemove(delivery.Seq, out _);
            lanes.TryRemove(lane, out _);
            done.SetResult();
            nudge.Signal();
        }
    }

    /// <summary>Every third of the lease, extends the lease of what the lanes hold, so it never runs out under a delivery still waiting or being sent.</summary>
    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.DeliveryLease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (held.IsEmpty)
                    continue;
                try
                {
                    await data.RenewLeasesAsync(new NodeLease(node.Id, clock.GetUtcNow() + options.DeliveryLease), held.Keys.ToList(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "renewing the leases of {Count} deliveries failed", held.Count);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>A node that stops cleanly hands back what it did not send: another node sends it at once, not after the lease.</summary>
    private async Task ReleaseOnStopAsync()
    {
        try
        {
            await data.ReleaseLeasesAsync(node.Id);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "releasing this node's delivery leases at stop failed; they run out by themselves");
        }
    }
}
