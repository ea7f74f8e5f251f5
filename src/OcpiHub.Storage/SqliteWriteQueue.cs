using System.Data.Common;
using System.Threading.Channels;
using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// Single write statements to SQLite (a command relay stored or answered, a delivery completed, a platform seen),
/// written by one writer that commits all those waiting in one transaction: on SQLite every commit is a sync of the
/// write-ahead log, so twenty concurrent requests cost one sync instead of twenty queued one after the other. A writer
/// learns its statement's outcome only once it is committed. A statement that fails (a unique key, say) rolls back
/// its batch, which is then written one statement to a transaction, so it fails alone.
/// </summary>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<Write> writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<DbConnection>> open;
    private readonly Task writer;

    public SqliteWriteQueue(Func<CancellationToken, Task<DbConnection>> open)
    {
        this.open = open;
        writer = Task.Run(WriteAllAsync);
    }

    /// <summary>The rows <paramref name="sql"/> changed, once committed.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new Write(sql, parameters);
        if (!writes.Writer.TryWrite(write))
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "the database is closed");
        return write.Done.Task;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<Write>();
        while (await writes.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && writes.Reader.TryRead(out var write))
                batch.Add(write);
            try
            {
                await WriteAsync(batch);
            }
            catch (DbException) when (batch.Count > 1)
            {
                foreach (var write in batch)
                    await WriteOrFailAsync([write]);
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                    write.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    private async Task WriteOrFailAsync(List<Write> batch)
    {
        try
        {
            await WriteAsync(batch);
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task WriteAsync(List<Write> batch)
    {
        var changed = new int[batch.Count];
        await using (var connection = await open(CancellationToken.None))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
                changed[i] = await connection.ExecuteAsync(batch[i].Sql, batch[i].Parameters, transaction);
            await transaction.CommitAsync();
        }
        for (var i = 0; i < batch.Count; i++)
            batch[i].Done.TrySetResult(changed[i]);
    }

    public async ValueTask DisposeAsync()
    {
        writes.Writer.TryComplete();
        await writer;
    }

    private sealed record Write(string Sql, object? Parameters)
    {
        // Continuations run elsewhere, so the writer goes on with the next batch at once.
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
