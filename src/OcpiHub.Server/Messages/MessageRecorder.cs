using System.Threading.Channels;
using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Messages;

/// <summary>
/// Where the OCPI pipeline and the partner client drop message log entries. Recording never throws and never
/// waits: entries queue in memory and <see cref="MessageLogWriter"/> stores them in batches, off the request
/// path. An entry that cannot be made, queued or stored is counted and reported in the application log.
/// </summary>
public sealed class MessageRecorder(ILogger<MessageRecorder> log)
{
    // Enough for bursts while the database is slow; beyond it entries are dropped, not requests delayed.
    private const int Capacity = 10_000;

    private readonly Channel<MessageEntry> pending = Channel.CreateBounded<MessageEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long lost;

    /// <summary>Entries that were not logged (could not be made, queue full, or the write failed).</summary>
    public long Lost => Interlocked.Read(ref lost);

    internal ChannelReader<MessageEntry> Pending => pending.Reader;

    /// <summary>Queues the entry <paramref name="describe"/> makes; a failure to make or queue it only counts.</summary>
    public void Record(Func<MessageEntry> describe)
    {
        try
        {
            if (!pending.Writer.TryWrite(describe()))
                CountLost(1, "the queue is full");
        }
        catch (Exception e)
        {
            CountLost(1, e.Message);
        }
    }

    internal void CountLost(int entries, string reason)
    {
        var total = Interlocked.Add(ref lost, entries);
        log.LogWarning("Message log: {Entries} entries not logged ({Reason}); {Total} lost since start", entries, reason, total);
    }
}
