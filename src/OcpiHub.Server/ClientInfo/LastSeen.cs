using System.Collections.Concurrent;
using System.Threading.Channels;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.ClientInfo;

/// <summary>A platform seen at a time (an authenticated request, an answered probe).</summary>
public sealed record PlatformSeen(string PlatformId, DateTimeOffset At);

/// <summary>
/// Where requests note that a platform was seen, without waiting: <see cref="LastSeenWriter"/> stores the times in
/// batches off the request path. A platform's time is noted to the second; a request within the same second as the
/// last noted one queues nothing.
/// </summary>
public sealed class LastSeenRecorder
{
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> noted = new();
    private readonly Channel<PlatformSeen> pending = Channel.CreateUnbounded<PlatformSeen>(new UnboundedChannelOptions { SingleReader = true });

    internal ChannelReader<PlatformSeen> Pending => pending.Reader;

    public void Seen(string platformId, DateTimeOffset at)
    {
        if (noted.TryGetValue(platformId, out var last) && at - last < Resolution)
            return;
        noted[platformId] = at;
        pending.Writer.TryWrite(new PlatformSeen(platformId, at));
    }
}

/// <summary>Stores last-seen times each second, the latest of each platform, in one statement; on stop what is queued.</summary>
public sealed class LastSeenWriter(LastSeenRecorder recorder, IPlatformStore platforms, ILogger<LastSeenWriter> log)
    : BatchWriter<PlatformSeen>(recorder.Pending, BatchSize, TimeSpan.FromSeconds(1))
{
    private const int BatchSize = 5_000;

    protected override async Task WriteAsync(IReadOnlyList<PlatformSeen> batch)
    {
        var latest = batch.GroupBy(s => s.PlatformId).ToDictionary(g => g.Key, g => g.Max(s => s.At));
        try
        {
            await platforms.TouchAsync(latest, CancellationToken.None);
        }
        catch (Exception e)
        {
            // A last-seen time only decides when a silent platform is probed: a lost one costs at most a probe.
            log.LogWarning(e, "Last-seen times of {Platforms} platforms not stored", latest.Count);
        }
    }
}
