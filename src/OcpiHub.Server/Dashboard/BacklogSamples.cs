using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Dashboard;

/// <summary>
/// The delivery backlog over the last hours, for the overview's chart: counted every 30 s and kept in this hub node's
/// memory (the store keeps no history of it), so the line starts when the node started.
/// </summary>
public sealed class BacklogSamples(ITrafficStats stats, TimeProvider clock, ILogger<BacklogSamples> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Kept = TimeSpan.FromHours(6);

    private readonly Queue<(DateTimeOffset Time, int Backlog)> samples = new();
    private readonly Lock gate = new();

    public IReadOnlyList<(DateTimeOffset Time, int Backlog)> Since(DateTimeOffset since)
    {
        lock (gate)
            return samples.Where(s => s.Time >= since).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                var backlog = await stats.BacklogAsync(stoppingToken);
                var now = clock.GetUtcNow();
                lock (gate)
                {
                    samples.Enqueue((now, backlog));
                    while (samples.Peek().Time < now - Kept)
                        samples.Dequeue();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "could not count the delivery backlog");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
