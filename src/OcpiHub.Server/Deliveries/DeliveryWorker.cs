using System.Collections.Concurrent;
using OcpiHub.Core.Data;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Sends what the outbox holds. Each receiver platform has its own lane, so a slow or failing receiver delays
/// only itself; within a lane each object's changes go in order (the store hands out only the oldest pending
/// change of an object). Failures are retried with exponential backoff until the retry window closes, then the
/// delivery is dead-lettered for an operator to re-drive.
/// </summary>
public sealed class DeliveryWorker(IDataStore data, DeliverySender sender, DeliveryNudge nudge, HubOptions options, TimeProvider clock,
    ILogger<DeliveryWorker> log) : BackgroundService
{
    // A lane holds the lease of every delivery it claimed. It is longer than a partner call may take, and a lane
    // renews it for what it still holds before a send that could outlast it, so it never runs out under a delivery
    // still waiting or being sent.
    private static readonly TimeSpan Lease = PartnerClient.DefaultBudget * 2;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Task> lanes = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await data.ReleaseLeasesAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
                await nudge.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "dispatching deliveries failed");
                await Task.Delay(Poll, stoppingToken);
            }
        }
        await Task.WhenAll(lanes.Values);
    }

    private async Task DispatchDueAsync(CancellationToken stoppingToken)
    {
        var due = await data.ClaimDueAsync(clock.GetUtcNow(), Lease, 500, lanes.Keys.ToArray(), stoppingToken);
        foreach (var lane in due.GroupBy(d => d.ReceiverPlatformId))
        {
            // The lane is registered before it starts, so it cannot end (and unregister) before it is known.
            var done = new TaskCompletionSource();
            if (lanes.TryAdd(lane.Key, done.Task))
                _ = Task.Run(() => RunLaneAsync(lane.Key, lane.ToList(), done, stoppingToken), CancellationToken.None);
        }
    }

    private async Task RunLaneAsync(string receiver, IReadOnlyList<Delivery> deliveries, TaskCompletionSource done, CancellationToken stoppingToken)
    {
        try
        {
            var leasedUntil = clock.GetUtcNow() + Lease;
            for (var next = 0; next < deliveries.Count; next++)
            {
                if (clock.GetUtcNow() + PartnerClient.DefaultBudget > leasedUntil)
                {
                    leasedUntil = clock.GetUtcNow() + Lease;
                    await data.ExtendLeasesAsync(deliveries.Skip(next).Select(d => d.Seq).ToList(), leasedUntil, stoppingToken);
                }
                await DeliverAsync(deliveries[next], stoppingToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "delivering to platform {Receiver} failed", receiver);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the lease runs out and the delivery is sent after the restart.
        }
        finally
        {
            lanes.TryRemove(receiver, out _);
            done.SetResult();
            nudge.Signal();
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var outcome = await sender.SendAsync(delivery, stoppingToken);
        var now = clock.GetUtcNow();
        switch (outcome.Result)
        {
            case DeliveryResult.Delivered:
                await data.CompleteAsync(delivery.Seq, stoppingToken);
                break;
            case DeliveryResult.SendFullState when await data.FindAsync(delivery.Module, delivery.Owner, delivery.ObjectKey, stoppingToken) is { } stored:
                await data.RewriteAsFullStateAsync(delivery.Seq, DataShapes.For(delivery.Module).ObjectPath(stored.Id), stored.Body, now, stoppingToken);
                break;
            case DeliveryResult.Retry when now - delivery.RetryWindowFrom < options.DeliveryRetryWindow:
                var backoff = TimeSpan.FromSeconds(Math.Min(options.DeliveryBackoffSeconds * Math.Pow(2, delivery.Attempts), MaxBackoff.TotalSeconds));
                await data.RescheduleAsync(delivery.Seq, now + backoff, outcome.Reason ?? "failed", stoppingToken);
                break;
            default:
                log.LogWarning("delivery {Seq} to {Receiver} given up: {Reason}", delivery.Seq, delivery.Receiver, outcome.Reason);
                await data.GiveUpAsync(delivery.Seq, outcome.Reason ?? "given up", stoppingToken);
                break;
        }
    }
}
