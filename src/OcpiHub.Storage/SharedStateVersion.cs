using System.Data.Common;
using Dapper;
using Npgsql;

namespace OcpiHub.Storage;

/// <summary>
/// The version of what every hub node holds in memory (platforms, parties, tokens, settings, agreements): a number
/// the database raises in the transaction of every change of them (migration 0013, by triggers, whoever writes).
/// A node's copies are good while the number is the one they were read at. A node learns a higher number from
/// PostgreSQL's notification when the change commits (<see cref="ListenAsync"/>), and by reading it at most every
/// <see cref="CheckEvery"/>: on SQLite that check is how a second process on the same file is seen, on PostgreSQL
/// it is the fallback for a notification missed.
/// </summary>
public sealed class SharedStateVersion(HubDatabase database)
{
    /// <summary>The channel the PostgreSQL trigger notifies, with the new version as its payload.</summary>
    public const string Channel = "ocpihub_state";

    private readonly object gate = new();
    private long known;
    private long checkedAt = long.MinValue / 2;
    private Task? check;

    /// <summary>How old the known version may get before a read asks the database: one row by its key.</summary>
    public TimeSpan CheckEvery { get; } = TimeSpan.FromMilliseconds(database.Kind == DatabaseKind.Sqlite ? 250 : 1000);

    /// <summary>The highest version known, read again first when the last read is older than <see cref="CheckEvery"/>.</summary>
    public async ValueTask<long> CurrentAsync(CancellationToken cancellationToken)
    {
        Task pending;
        lock (gate)
        {
            if (check is { IsCompleted: false })
                pending = check;
            else if (Environment.TickCount64 - checkedAt >= (long)CheckEvery.TotalMilliseconds)
                pending = check = ReadAsync(CancellationToken.None);
            else
                return known;
        }
        await pending.WaitAsync(cancellationToken);
        return Interlocked.Read(ref known);
    }

    /// <summary>Reads the version from the database now. Read before the state it stands for, never after.</summary>
    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        await using var connection = await database.OpenForSharedStateAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<long>("SELECT version FROM state_version WHERE id = 1");
        Raise(version);
        lock (gate)
            checkedAt = Math.Max(checkedAt, started);
        return version;
    }

    /// <summary>
    /// PostgreSQL: raises the known version on each notification until <paramref name="cancellationToken"/> (an
    /// <see cref="OperationCanceledException"/>, whenever it comes) or the connection ends (another exception: the
    /// caller listens again). Reads the version once listening, so nothing
    /// committed before is missed.
    /// </summary>
    public async Task ListenAsync(CancellationToken cancellationToken)
    {
        if (database.Kind != DatabaseKind.PostgreSql)
            return;
        await using var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        connection.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var version))
                Raise(version);
        };
        await connection.ExecuteAsync($"LISTEN {Channel}");
        try
        {
            await ReadAsync(cancellationToken);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await connection.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            // The connection goes back to the pool as it is (HubDatabase): not still listening.
            if (connection.State == System.Data.ConnectionState.Open)
                await connection.ExecuteAsync($"UNLISTEN {Channel}");
        }
    }

    /// <summary>
    /// PostgreSQL: the advisory lock ("OCPISTAT") a writer of objects holds, shared, from before it reads the version
    /// until it commits (<see cref="HoldForWriting"/>), and a change that bounds a withdraw window takes exclusively
    /// (<see cref="HoldForWindowBoundAsync"/>).
    /// </summary>
    public const long WritersLock = 0x4F43504953544154;

    /// <summary>
    /// PostgreSQL, a statement of a writer's transaction: the version is read in a statement after it and the
    /// transaction holds it until it ends. A raise of the version by <see cref="RaiseAsync"/> then waits for the
    /// writers that read an older one to commit, and the writers after it wait for its commit and read its version:
    /// versions and commits come in one order. Without it a writer that read the version before a resumption raised it
    /// (and so sent by the agreement still suspended) could commit its record after the resumption's withdraw read the
    /// records, and the receiver would never hear of it. A batch of statements reads as a writer's: <c>@writersLock</c>.
    /// </summary>
    internal const string HoldForWriting = "SELECT 1 FROM pg_advisory_xact_lock_shared(@writersLock);\n";

    /// <summary>
    /// In the caller's transaction: raises the version and answers it, so that it is that change's whatever else the
    /// change raises before or after. A bound of a withdraw window (<paramref name="boundsWindow"/>: data stopped, data
    /// flowing again): a writer that reads an older version sent by the state before the change and has committed (on
    /// PostgreSQL the raise waits for it: <see cref="HoldForWindowBoundAsync"/>), one that reads this one or later sends
    /// by the change. Other raises (a platform going offline) wait for no writer.
    /// </summary>
    internal static async Task<long> RaiseAsync(DbConnection connection, DbTransaction? transaction, bool boundsWindow)
    {
        if (boundsWindow)
            await HoldForWindowBoundAsync(connection, transaction);
        return await connection.ExecuteScalarAsync<long>("UPDATE state_version SET version = version + 1 WHERE id = 1 RETURNING version", transaction: transaction);
    }

    /// <summary>
    /// PostgreSQL: the writers' lock, exclusively, for a transaction that bounds a withdraw window. Taken before its first
    /// statement that locks the version's row (a raise, or a change of agreements or platforms, whose triggers raise it):
    /// writers take the lock before they read the row, so in the other order the two would wait for each other.
    /// </summary>
    internal static async Task HoldForWindowBoundAsync(DbConnection connection, DbTransaction? transaction)
    {
        if (connection is NpgsqlConnection)
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@writersLock)", new { writersLock = WritersLock }, transaction);
    }

    /// <summary>A version read by another query (in a writer's transaction): known from now on.</summary>
    internal void Seen(long version) => Raise(version);

    private void Raise(long version)
    {
        lock (gate)
            known = Math.Max(known, version);
    }
}
