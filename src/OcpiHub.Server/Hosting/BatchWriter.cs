using System.Threading.Channels;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Writes what requests queue in <paramref name="pending"/> off the request path, in batches of at most
/// <paramref name="batchSize"/>, gathering for <paramref name="gather"/> after the first item so that a batch is
/// worth its write. When the hub stops, whatever is queued is still written (the server has stopped taking
/// requests by then: hosted services stop after it).
/// </summary>
public abstract class BatchWriter<T>(ChannelReader<T> pending, int batchSize, TimeSpan gather) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await pending.WaitToReadAsync(stoppingToken))
            {
                if (gather > TimeSpan.Zero)
                    await Task.Delay(gather, stoppingToken);
                await WriteBatchAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        while (pending.TryPeek(out _))
            await WriteBatchAsync();
    }

    /// <summary>Writes one batch; not cancelled by the stop (a batch taken is written whole), and never throws.</summary>
    protected abstract Task WriteAsync(IReadOnlyList<T> batch);

    private async Task WriteBatchAsync()
    {
        var batch = new List<T>();
        while (batch.Count < batchSize && pending.TryRead(out var item))
            batch.Add(item);
        if (batch.Count > 0)
            await WriteAsync(batch);
    }
}
