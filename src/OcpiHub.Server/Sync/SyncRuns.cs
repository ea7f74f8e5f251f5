using OcpiHub.Core.Sync;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Sync;

/// <summary>
/// Runs queued sync runs on a background task, one after another, oldest first: woken when a run is queued, at
/// start to resume what a stop cut off, and every half lease to take over the runs of a node that died (the
/// <see cref="SyncRunner"/> takes only what no living node holds). The run in hand can be cancelled: its page
/// request in flight is abandoned and the run ends CANCELLED with the pages recorded before.
/// </summary>
public sealed class SyncRuns(ISyncRunStore runs, SyncRunner runner, HubOptions options, ILogger<SyncRuns> log) : BackgroundService
{
    private TimeSpan Poll => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, options.Sync.Lease.Ticks / 2));
    private readonly Wakeup wakeup = new();
    private readonly Lock gate = new();
    private (string RunId, CancellationTokenSource Cancel)? current;

    /// <summary>Runs were queued: start them.</summary>
    public void Wake() => wakeup.Signal();

    /// <summary>Stops the run if it is the one this worker is running; false when it is not.</summary>
    public bool Cancel(string runId)
    {
        lock (gate)
        {
            if (current is not { } running || running.RunId != runId)
                return false;
            running.Cancel.Cancel();
            return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var run in await runs.InProgressAsync(stoppingToken))
                    await RunAsync(run.Id, stoppingToken);
                await wakeup.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "running sync runs failed");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task RunAsync(string runId, CancellationToken stoppingToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (gate)
            current = (runId, cancel);
        try
        {
            await runner.RunAsync(runId, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            await runs.FinishAsync(runId, SyncStatus.Cancelled, cancellationToken: stoppingToken);
        }
        finally
        {
            lock (gate)
                current = null;
        }
    }
}
