using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Telemetry;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Sends one receiver's batch of claimed deliveries and records what became of each. A batch holds at most one
/// change of each object (the claim hands out only an object's oldest pending change), so its deliveries may go
/// several at once (<c>Hub:DeliveryConcurrencyPerReceiver</c>) without an object's changes overtaking each other.
/// Acceptances are recorded together (<see cref="DeliveryCompletions"/>); the rest one by one, being rare.
/// </summary>
internal sealed partial class DeliveryLane(IDataStore data, DeliverySender sender, DeliveryCompletions completions, HubOptions options, string node,
    TimeProvider clock, ILogger log)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    /// <summary>Sends <paramref name="batch"/>; ends when every outcome is recorded (or its recording failed, which is logged).</summary>
    public async Task SendAsync(string receiver, IReadOnlyList<Delivery> batch, CancellationToken stoppingToken)
    {
        var accepted = new List<Task>();
        try
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.DeliveryConcurrencyPerReceiver, CancellationToken = stoppingToken },
                async (delivery, token) =>
                {
                    using var scope = log.BeginCorrelationScope(delivery.CorrelationId);
                    // Read for each delivery (from the node's copy, no database call): a batch can take minutes, in which
                    // the receiver may unregister, be removed or have its settings changed.
                    var (link, problem) = await sender.LinkAsync(receiver, token);
                    var outcome = link is null ? await sender.UnreachableAsync(delivery, problem!, token) : await sender.SendAsync(delivery, link, token);
                    LogAttempt(log, delivery.Seq, delivery.Receiver, delivery.Method, delivery.Module, delivery.Owner, delivery.Path, outcome.Result, outcome.Reason ?? "");
                    if (outcome.Result != DeliveryResult.Delivered)
                    {
                        await RecordFailureAsync(delivery, outcome, token);
                        return;
                    }
                    lock (accepted)
                        accepted.Add(completions.CompleteAsync(delivery.Seq));
                });
        }
        finally
        {
            // Acceptances are written even when stopping: a change the receiver has must not be sent again. A failed
            // write is logged where it failed; its deliveries' leases run out and they are sent again.
            await Task.WhenAll(accepted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Task RecordFailureAsync(Delivery delivery, DeliveryOutcome outcome, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        switch (outcome.Result)
        {
            case DeliveryResult.SendFullState:
                return RewriteAsFullStateAsync(delivery, outcome, now, stoppingToken);
            case DeliveryResult.MoveTo:
                log.LogInformation("delivery {Seq} to {Receiver} moves to platform {Platform}: {Reason}", delivery.Seq, delivery.Receiver, outcome.MovedTo, outcome.Reason);
                return data.MoveToPlatformAsync(delivery.Seq, node, outcome.MovedTo!,
                    delivery.Module.Collapsible() && delivery.Method != "DELETE" ? DataShapes.For(delivery.Module).ObjectPath : null, stoppingToken);
            case DeliveryResult.Retry when now - delivery.RetryWindowFrom < options.DeliveryRetryWindow:
                var backoff = TimeSpan.FromSeconds(Math.Min(options.DeliveryBackoffSeconds * Math.Pow(2, delivery.Attempts), MaxBackoff.TotalSeconds));
                return data.RescheduleAsync(delivery.Seq, node, now + backoff, outcome.Reason ?? "failed", stoppingToken);
            default:
                return GiveUpAsync(delivery, outcome, stoppingToken);
        }
    }

    /// <summary>
    /// A refused change is sent again as the object's full state, which takes the receiver's later changes of it with it;
    /// when the object is gone there is nothing to send.
    /// </summary>
    private async Task RewriteAsFullStateAsync(Delivery delivery, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken stoppingToken)
    {
        if (!await data.RewriteAsFullStateAsync(delivery.Seq, node, DataShapes.For(delivery.Module).ObjectPath, now, stoppingToken))
            await GiveUpAsync(delivery, outcome, stoppingToken);
    }

    private Task GiveUpAsync(Delivery delivery, DeliveryOutcome outcome, CancellationToken stoppingToken)
    {
        log.LogWarning("delivery {Seq} to {Receiver} given up: {Reason}", delivery.Seq, delivery.Receiver, outcome.Reason);
        return data.GiveUpAsync(delivery.Seq, node, outcome.Reason ?? "given up", stoppingToken);
    }

    // Every attempt, under its correlation id; debug, as a busy hub makes thousands a second and the message log keeps each call.
    [LoggerMessage(LogLevel.Debug, "delivery {Seq} to {Receiver}: {Method} {Module} {Owner}/{Path}: {Result} {Reason}")]
    private static partial void LogAttempt(ILogger log, long seq, PartyKey receiver, string method, DataModule module, PartyKey owner, string path,
        DeliveryResult result, string reason);
}
