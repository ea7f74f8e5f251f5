using System.Collections.Concurrent;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Sync;

/// <summary>
/// Runs queued sync runs on background tasks, up to <c>Hub:Sync:Concurrency</c> at once and one per platform at a time
/// (a partner is asked one run's pages at a time), runs started by hand before scheduled ones, then oldest first: so an
/// operator's run does not wait behind a Saturday's full runs, nor every partner behind one that hangs. Woken when a
/// run is queued or one ends, at start to resume what a stop cut off, and every half lease to take over the runs of a
/// node that died (the <see cref="SyncRunner"/> takes only what no living node holds). A run in hand can be cancelled:
/// its page request in flight is abandoned and the run ends CANCELLED with the pages recorded before.
/// </summary>
public sealed class SyncRuns(ISyncRunStore runs, SyncRunner runner, HubOptions options, Core.Nodes.HubNode node, ILogger<SyncRuns> log) : BackgroundService
{
    private TimeSpan Poll => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, options.Sync.Lease.Ticks / 2));
    private readonly Wakeup wakeup = new();
    private readonly ConcurrentDictionary<string, InHand> inHand = new();

    private sealed record InHand(string PlatformId, CancellationTokenSource Cancel, Task Running);

    /// <summary>Runs were queued: start them.</summary>
    public void Wake() => wakeup.Signal();

    /// <summary>Stops the run if this worker is running it; false when it is not.</summary>
    public bool Cancel(string runId)
    {
        if (!inHand.TryGetValue(runId, out var run))
            return false;
        try
        {
            run.Cancel.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended meanwhile
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not the runs other nodes hold: their claims would fail at once and wake this loop again, without end.
                StartDue(await runs.ClaimableAsync(node.Id, stoppingToken), stoppingToken);
                await wakeup.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "running sync runs failed");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        await Task.WhenAll(inHand.Values.Select(r => r.Running));
    }

    private void StartDue(IReadOnlyList<SyncRun> inProgress, CancellationToken stoppingToken)
    {
        foreach (var run in inProgress.OrderBy(r => r.Trigger == SyncTrigger.Manual ? 0 : 1))
        {
            if (inHand.Count >= options.Sync.Concurrency)
                return;
            if (inHand.ContainsKey(run.Id) || inHand.Values.Any(r => r.PlatformId == run.PlatformId))
                continue;
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var started = new TaskCompletionSource();
            // Registered before it runs, so it cannot end (and unregister) before it is known.
            inHand[run.Id] = new InHand(run.PlatformId, cancel, started.Task);
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(run.Id, cancel, stoppingToken);
                }
                finally
                {
                    inHand.TryRemove(run.Id, out _);
                    cancel.Dispose();
                    started.SetResult();
                    wakeup.Signal();
                }
            }, CancellationToken.None);
        }
    }

    private async Task RunAsync(string runId, CancellationTokenSource cancel, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(runId, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runs.FinishAsync(runId, SyncStatus.Cancelled, cancellationToken: stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "recording sync run {RunId} as cancelled failed; it is resumed", runId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the run is resumed from its next page at the next start, here or on another node.
        }
        catch (Exception e)
        {
            // Left in progress, tried again a second later (the database may be back).
            log.LogError(e, "sync run {RunId} failed", runId);
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
