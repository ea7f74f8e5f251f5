using System.Threading.Channels;
using OcpiHub.Core.Data;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// Records the deliveries receivers accepted, many in one write: each write takes every acceptance that arrived
/// while the one before was written, so a quiet hub writes at once and a busy one (N lanes finishing together) writes
/// a few times instead of N. An acceptance not yet written when a node dies is sent again by whichever node takes
/// the lease over: at most one repeat of a change the receiver already has, never a loss.
/// </summary>
internal sealed class DeliveryCompletions(IDataStore data, string node, ILogger log)
{
    private const int MaxPerWrite = 500;

    private readonly Channel<(long Seq, TaskCompletionSource<bool> Written)> accepted =
        Channel.CreateUnbounded<(long, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Queues the acceptance of <paramref name="seq"/>; the task ends when it is written (or the write failed), true
    /// when the node still held the delivery, false when its lease had run out and another node took it over.
    /// </summary>
    public Task<bool> CompleteAsync(long seq)
    {
        var written = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!accepted.Writer.TryWrite((seq, written)))
            written.SetException(new InvalidOperationException("the hub is stopping: the delivery is sent again after the restart"));
        return written.Task;
    }

    /// <summary>Writes until <see cref="Stop"/>, then what is left: everything queued before the stop is written.</summary>
    public async Task RunAsync()
    {
        var batch = new List<(long Seq, TaskCompletionSource<bool> Written)>();
        while (await accepted.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxPerWrite && accepted.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                var recorded = (await data.CompleteAsync(batch.Select(b => b.Seq).ToList(), node)).ToHashSet();
                batch.ForEach(b => b.Written.SetResult(recorded.Contains(b.Seq)));
            }
            catch (Exception e)
            {
                log.LogError(e, "recording {Count} delivered deliveries failed; their leases run out and they are sent again", batch.Count);
                batch.ForEach(b => b.Written.SetException(e));
            }
            batch.Clear();
        }
    }

    public void Stop() => accepted.Writer.TryComplete();
}
