using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Data;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Telemetry;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Sends one receiver's batch of claimed deliveries and records what became of each. The claim hands out each
/// object's pending changes as a run from the oldest on: a run goes one change after another, each once the one
/// before is recorded as accepted, and different objects' runs go several at once
/// (<c>Hub:DeliveryConcurrencyPerReceiver</c>), so an object's changes never overtake each other and a node that dies
/// repeats at most the change it was sending. Acceptances are recorded together (<see cref="DeliveryCompletions"/>);
/// the rest one by one, being rare.
/// </summary>
internal sealed partial class DeliveryLane(IDataStore data, DeliverySender sender, DeliveryCompletions completions, HubOptions options, string node,
    TimeProvider clock, HubTelemetry telemetry, ILogger log)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    /// <summary>Sends <paramref name="batch"/>; ends when every outcome is recorded (or its recording failed, which is logged).</summary>
    public async Task SendAsync(string receiver, IReadOnlyList<Delivery> batch, CancellationToken stoppingToken)
    {
        var writes = new List<Task>();
        try
        {
            await Parallel.ForEachAsync(batch.GroupBy(d => (d.Receiver, d.Module, d.Owner, d.ObjectKey), (_, run) => run.OrderBy(d => d.Seq).ToList()),
                new ParallelOptions { MaxDegreeOfParallelism = options.DeliveryConcurrencyPerReceiver, CancellationToken = stoppingToken },
                async (run, token) => await SendRunAsync(receiver, run, writes, token));
        }
        finally
        {
            // Acceptances are written even when stopping: a change the receiver has must not be sent again. A failed
            // write is logged where it failed; its deliveries' leases run out and they are sent again.
            Task[] pending;
            lock (writes)
                pending = [.. writes];
            await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Sends one object's changes in order, each once the acceptance of the one before is recorded, until one is not
    /// accepted: the changes after it are handed back before its outcome is recorded (so a rewrite as the full state
    /// takes them with it), and wait for it. The run stops too when an acceptance was not recorded: its write failed
    /// (logged where it failed), or this node's lease had run out and another node may be sending the rest. The last
    /// acceptance's write joins <paramref name="writes"/>. A failure here is this run's alone: the other objects'
    /// runs go on, and this run's leases run out.
    /// </summary>
    private async Task SendRunAsync(string receiver, IReadOnlyList<Delivery> run, List<Task> writes, CancellationToken token)
    {
        try
        {
            run = await CollapsedAsync(receiver, run, token);
            Task<bool>? recorded = null;
            for (var i = 0; i < run.Count; i++)
            {
                if (recorded is not null && !await RecordedAsync(recorded))
                    return;
                var delivery = run[i];
                using var scope = log.BeginCorrelationScope(delivery.CorrelationId);
                // Read for each delivery (from the node's copy, no database call): a batch can take minutes, in which
                // the receiver may unregister, be removed or have its settings changed.
                var (link, problem) = await sender.LinkAsync(receiver, token);
                var outcome = link is null ? await sender.UnreachableAsync(delivery, problem!, token) : await sender.SendAsync(delivery, link, token);
                LogAttempt(log, delivery.Seq, delivery.Receiver, delivery.Method, delivery.Module, delivery.Owner, delivery.Path, outcome.Result, outcome.Reason ?? "");
                if (outcome.Result != DeliveryResult.Delivered)
                {
                    if (i + 1 < run.Count)
                        await data.ReleaseLeasesAsync(node, [.. run.Skip(i + 1).Select(d => d.Seq)], token);
                    await RecordFailureAsync(delivery, outcome, token);
                    return;
                }
                recorded = completions.CompleteAsync(delivery.Seq);
                lock (writes)
                    writes.Add(recorded);
            }
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            log.LogError(e, "delivering changes of {Module} {Owner}/{Object} to platform {Receiver} failed", run[0].Module, run[0].Owner, run[0].ObjectKey, receiver);
        }
    }

    /// <summary>
    /// The run as it goes: one change, the object's latest full state, when the receiver is behind on the object (its
    /// oldest change in the run has waited <c>Hub:DeliveryCollapseAfterSeconds</c>) and more of its changes are
    /// pending, in the run or queued after it (<see cref="IDataStore.CollapseRunAsync"/>), as what it missed is stale
    /// and that state holds it. Not a run that removes the object, not one of a module whose every change counts (CDRs,
    /// command results), and not a state the receiver may no longer see (a 2.1.1 receiver cannot be told a Location
    /// is unpublished): those go change by change, as does a run whose collapse could not be written.
    /// </summary>
    private async Task<IReadOnlyList<Delivery>> CollapsedAsync(string receiver, IReadOnlyList<Delivery> run, CancellationToken token)
    {
        var first = run[0];
        if (!first.Module.Collapsible() || !first.Module.IsStored() || run.Any(d => d.Method == "DELETE")
            || clock.GetUtcNow() - first.CreatedAt < options.DeliveryCollapseAfter
            || (await sender.LinkAsync(receiver, token)).Link is not { } link)
            return run;
        try
        {
            var state = await data.CollapseRunAsync(run, node, DataShapes.For(first.Module).ObjectPath,
                (body, finder) => sender.MaySeeAsync(first, link.Platform, body, finder, token), token);
            if (state is not var (path, body, dropped))
                return run;
            LogCollapsed(log, dropped, first.Module, first.Owner, first.ObjectKey, first.Receiver);
            telemetry.Collapsed(link.Platform.Id, first.Module.Identifier(), dropped);
            return [first with { Method = "PUT", Path = path, Payload = body }];
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            log.LogWarning(e, "collapsing changes of {Module} {Owner}/{Object} to {Receiver} failed; they go one by one", first.Module, first.Owner, first.ObjectKey,
                first.Receiver);
            return run;
        }
    }

    private static async Task<bool> RecordedAsync(Task<bool> recorded)
    {
        await recorded.ContinueWith(_ => { }, TaskScheduler.Default);
        return recorded.IsCompletedSuccessfully && recorded.Result;
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

    [LoggerMessage(LogLevel.Debug, "{Count} queued changes of {Module} {Owner}/{Object} are not sent to {Receiver}, behind on it: its latest full state, sent instead, holds them")]
    private static partial void LogCollapsed(ILogger log, int count, DataModule module, PartyKey owner, string @object, PartyKey receiver);

    // Every attempt, under its correlation id; debug, as a busy hub makes thousands a second and the message log keeps each call.
    [LoggerMessage(LogLevel.Debug, "delivery {Seq} to {Receiver}: {Method} {Module} {Owner}/{Path}: {Result} {Reason}")]
    private static partial void LogAttempt(ILogger log, long seq, PartyKey receiver, string method, DataModule module, PartyKey owner, string path,
        DeliveryResult result, string reason);
}
