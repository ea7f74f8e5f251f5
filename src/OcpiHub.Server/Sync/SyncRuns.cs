using OcpiHub.Core.Sync;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Sync;

/// <summary>
/// Runs queued sync runs on a background task, one after another, oldest first: woken when a run is queued, and at
/// start to resume what a stop cut off.
/// </summary>
public sealed class SyncRuns(ISyncRunStore runs, SyncRunner runner, ILogger<SyncRuns> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private readonly Wakeup wakeup = new();

    /// <summary>Runs were queued: start them.</summary>
    public void Wake() => wakeup.Signal();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var run in await runs.InProgressAsync(stoppingToken))
                    await runner.RunAsync(run.Id, stoppingToken);
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
}
