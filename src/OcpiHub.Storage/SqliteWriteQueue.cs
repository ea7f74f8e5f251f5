using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OcpiHub.Storage;

/// <summary>
/// The hub's writes to SQLite that need no connection of their caller (a stored change with its deliveries and log
/// entry, a delivery completed, a batch of the message log), written by one writer that runs all those waiting, each in
/// a savepoint of one transaction, and commits them together. On SQLite every commit is a sync of the write-ahead log
/// and makes every reading connection drop its page cache: under load the commits took most of the time the write lock
/// was held, so twenty writes waiting now cost one commit instead of twenty one after the other. A write that fails is
/// rolled back to its savepoint and fails alone; one that breaks the transaction makes the others run again, each alone.
/// A caller learns its write's outcome only once it is committed.
/// </summary>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private static readonly AsyncLocal<Write?> Running = new();

    private readonly Channel<Write> writes = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<DbConnection>> open;
    private readonly Task writer;

    public SqliteWriteQueue(Func<CancellationToken, Task<DbConnection>> open)
    {
        this.open = open;
        writer = Task.Run(WriteAllAsync);
    }

    /// <summary>
    /// What <paramref name="write"/> returned, once committed. It runs on the writer, in the caller's execution context
    /// (its log scope, its trace), and must not wait for another queued write: that one would wait for it.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Running.Value is { IsRunning: true } running && running.Queue == this)
            throw new InvalidOperationException("a queued write waited for another queued write, which would wait for it in turn");
        var queued = new Write<T>(this, write, ExecutionContext.Capture(), cancellationToken);
        if (!writes.Writer.TryWrite(queued))
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "the database is closed");
        return queued.Done.Task;
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
                await CommitAsync(batch);
            }
            catch (Exception e) when (batch.Count > 1 && !HubDatabase.IsUnavailable(e))
            {
                // The transaction itself failed (its commit, or a write that made SQLite roll it back): nothing of it
                // was kept, so each write that has no outcome yet runs again in a transaction of its own. A database
                // that is unavailable (no turn to write within the patience) fails them all at once instead.
                foreach (var write in batch.Where(w => !w.HasOutcome))
                    await CommitAloneAsync(write);
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                    write.Fail(e);
            }
            batch.Clear();
        }
    }

    private async Task CommitAloneAsync(Write write)
    {
        try
        {
            await CommitAsync([write]);
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    /// <summary>Runs each write of <paramref name="batch"/> in a savepoint of one transaction and commits it.</summary>
    private async Task CommitAsync(List<Write> batch)
    {
        var written = new List<Write>(batch.Count);
        await using (var connection = await open(CancellationToken.None))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            foreach (var write in batch)
            {
                if (write.Cancelled())
                    continue;
                transaction.Save("w");
                try
                {
                    await write.RunAsync(connection, transaction);
                }
                catch (Exception e) when (IsInTransaction(connection))
                {
                    transaction.Rollback("w");
                    transaction.Release("w");
                    write.Fail(e);
                    continue;
                }
                transaction.Release("w");
                written.Add(write);
            }
            await transaction.CommitAsync();
        }
        foreach (var write in written)
            write.Succeed();
    }

    /// <summary>Whether the connection's transaction is still open: some errors (a full disk, say) make SQLite roll it back.</summary>
    private static bool IsInTransaction(DbConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(((SqliteConnection)connection).Handle) == 0;

    public async ValueTask DisposeAsync()
    {
        writes.Writer.TryComplete();
        await writer;
    }

    private abstract class Write(SqliteWriteQueue queue, ExecutionContext? context, CancellationToken cancellationToken)
    {
        public SqliteWriteQueue Queue => queue;

        public bool IsRunning { get; private set; }

        public abstract bool HasOutcome { get; }

        /// <summary>Whether the caller gave up before its write ran: it is then not run at all.</summary>
        public bool Cancelled()
        {
            if (!cancellationToken.IsCancellationRequested)
                return false;
            Fail(new OperationCanceledException(cancellationToken));
            return true;
        }

        public async Task RunAsync(DbConnection connection, DbTransaction transaction)
        {
            IsRunning = true;
            try
            {
                if (context is null)
                    await StartAsync(connection, transaction);
                else
                {
                    Task? started = null;
                    ExecutionContext.Run(context, _ => started = StartAsync(connection, transaction), null);
                    await started!;
                }
            }
            finally
            {
                IsRunning = false;
            }
        }

        private Task StartAsync(DbConnection connection, DbTransaction transaction)
        {
            Running.Value = this;
            return ExecuteAsync(connection, transaction);
        }

        protected abstract Task ExecuteAsync(DbConnection connection, DbTransaction transaction);

        public abstract void Succeed();

        public abstract void Fail(Exception e);
    }

    private sealed class Write<T>(SqliteWriteQueue queue, Func<DbConnection, DbTransaction, Task<T>> write, ExecutionContext? context,
        CancellationToken cancellationToken) : Write(queue, context, cancellationToken)
    {
        private T? result;

        // Continuations run elsewhere, so the writer goes on with the next batch at once.
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool HasOutcome => Done.Task.IsCompleted;

        protected override async Task ExecuteAsync(DbConnection connection, DbTransaction transaction) =>
            result = await write(connection, transaction);

        public override void Succeed() => Done.TrySetResult(result!);

        public override void Fail(Exception e)
        {
            if (e is OperationCanceledException canceled)
                Done.TrySetCanceled(canceled.CancellationToken);
            else
                Done.TrySetException(e);
        }
    }
}
