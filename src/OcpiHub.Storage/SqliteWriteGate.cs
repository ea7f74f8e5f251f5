using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OcpiHub.Storage;

/// <summary>
/// The one writer of an SQLite file in this process. SQLite lets one transaction write at a time; a second writer
/// that finds the lock taken gets <c>SQLITE_BUSY</c>, and Microsoft.Data.Sqlite answers that by sleeping a fixed
/// 150 ms on the calling thread and trying again. So the hub's writers queue here instead, without a thread, and
/// each finds the lock free when its turn comes. One gate per file, shared by every <see cref="HubDatabase"/> on it.
/// </summary>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public static SemaphoreSlim For(string file) => Gates.GetOrAdd(Path.GetFullPath(file), _ => new SemaphoreSlim(1, 1));
}

/// <summary>
/// A connection of the hub to its SQLite file: every transaction on it writes (the hub opens one only to write), so
/// every transaction takes the file's <see cref="SqliteWriteGate"/> first and holds it until it commits or rolls back,
/// and starts with <c>BEGIN IMMEDIATE</c> (what it reads stays as read until it commits, and it never fails to
/// upgrade a read lock). Reads outside transactions never wait for the gate (WAL).
/// </summary>
internal sealed class GatedSqliteConnection(string connectionString, SemaphoreSlim gate, TimeSpan patience) : SqliteConnection(connectionString)
{
    private bool holdsGate;

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken);
        return Begin(isolationLevel);
    }

    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        EnterAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return Begin(isolationLevel);
    }

    /// <summary>Set to null when the transaction commits, rolls back or is disposed (also by closing the connection): the gate opens.</summary>
    protected override SqliteTransaction? Transaction
    {
        get => base.Transaction;
        set
        {
            base.Transaction = value;
            if (value is null)
                Leave();
        }
    }

    private async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (holdsGate)
            throw new InvalidOperationException("this connection is already in a write transaction");
        // A writer that never gives the gate back must not stop the hub silently: the waiter fails as SQLite would.
        if (!await gate.WaitAsync(patience, cancellationToken))
            throw new DatabaseUnavailableException($"no turn to write to the database within {patience.TotalSeconds:0} s");
        holdsGate = true;
    }

    private SqliteTransaction Begin(IsolationLevel isolationLevel)
    {
        try
        {
            return base.BeginTransaction(isolationLevel, deferred: false);
        }
        catch
        {
            Leave();
            throw;
        }
    }

    private void Leave()
    {
        if (!holdsGate)
            return;
        holdsGate = false;
        gate.Release();
    }

    public override void Close()
    {
        base.Close();
        Leave();
    }
}
