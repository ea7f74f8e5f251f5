using OcpiHub.Core.Messages;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Messages;

/// <summary>Stores recorded entries in batches as they come (one multi-row insert each); what is queued when the hub stops is still written.</summary>
public sealed class MessageLogWriter(MessageRecorder recorder, IMessageLog messages)
    : BatchWriter<MessageEntry>(recorder.Pending, BatchSize, TimeSpan.Zero)
{
    private const int BatchSize = 500;

    protected override async Task WriteAsync(IReadOnlyList<MessageEntry> batch)
    {
        try
        {
            await messages.AppendAsync(batch, CancellationToken.None);
        }
        catch (Exception e)
        {
            recorder.CountLost(batch.Count, e.Message);
        }
    }
}
