using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Sync;

namespace OcpiHub.Server.Sync;

/// <summary>
/// The sync schedule (<c>Hub:Sync:FullSchedule</c>, <c>Hub:Sync:DeltaSchedule</c>): sleeps on the hub's clock until
/// the next moment either fires, queues what <see cref="SyncPlanner.PlanTick"/> decides for it as SCHEDULE runs and
/// wakes <see cref="SyncRuns"/>. Moments passed while the hub was down are not made up: the next tick's delta
/// starts where the last successful run ended anyway.
/// </summary>
public sealed class SyncScheduler(SyncSchedule schedule, IPlatformStore platforms, ISyncRunStore runs, SyncRuns worker, TimeProvider clock,
    ILogger<SyncScheduler> log) : BackgroundService
{
    // Long sleeps are cut so that a clock set forward (or a far-off expression) is noticed within a day.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = clock.GetUtcNow();
        while (schedule.NextAfter(last) is { } next && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = next - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait < LongestSleep ? wait : LongestSleep, clock, stoppingToken);
                var now = clock.GetUtcNow();
                foreach (var tick in schedule.Due(last, now))
                    await QueueAsync(tick, stoppingToken);
                last = now > last ? now : last;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The tick is tried again: runs already queued for it are in progress, so it queues only the rest.
                log.LogError(e, "queueing scheduled sync runs failed");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task QueueAsync(SyncTick tick, CancellationToken cancellationToken)
    {
        var planned = SyncPlanner.PlanTick(tick, await platforms.AllAsync(cancellationToken), await runs.HistoryAsync(cancellationToken));
        foreach (var run in planned)
            await runs.QueueAsync(run, SyncTrigger.Schedule, TraceIds.New(), cancellationToken);
        if (planned.Count > 0)
        {
            log.LogInformation("{Kind} sync tick at {At:u}: {Count} runs queued", tick.Kind, tick.At, planned.Count);
            worker.Wake();
        }
    }
}
