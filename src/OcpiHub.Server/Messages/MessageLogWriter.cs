using OcpiHub.Core.Messages;

namespace OcpiHub.Server.Messages;

/// <summary>Stores recorded entries in batches as they come; what is queued when the hub stops is still written.</summary>
public sealed class MessageLogWriter(MessageRecorder recorder, IMessageLog messages) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await recorder.Pending.WaitToReadAsync(stoppingToken))
                await WriteBatchAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        while (recorder.Pending.Count > 0)
            await WriteBatchAsync();
    }

    private async Task WriteBatchAsync()
    {
        var batch = new List<MessageEntry>();
        while (batch.Count < BatchSize && recorder.Pending.TryRead(out var entry))
            batch.Add(entry);
        try
        {
            // Not cancelled by the stop: a batch already taken is written whole.
            await messages.AppendAsync(batch, CancellationToken.None);
        }
        catch (Exception e)
        {
            recorder.CountLost(batch.Count, e.Message);
        }
    }
}
