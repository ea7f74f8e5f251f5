using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OcpiHub.Storage;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The hub's database: an embedded SQLite file by default, PostgreSQL when configured. Hands out open
/// connections; the stores speak SQL both understand.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable
{
    /// <summary>
    /// How long a write waits for its turn (in process, the write gate; across processes, SQLite's own busy handler)
    /// before it fails, as long as Microsoft.Data.Sqlite's default command timeout.
    /// </summary>
    private static readonly TimeSpan WritePatience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many pages the write-ahead log takes before the connection that commits copies them back into the file
    /// (about 65 MB of 4 KB pages; SQLite's default is 1,000), in its commit, while every other write of the hub waits.
    /// A delivery's row is written again when it is leased and when it is done, and its receiver's pages of the pending
    /// indexes again when it is done, so the same pages go into the log commit after commit; a checkpoint copies each
    /// page once, however often it was written since the last. At 1,000 pages a broadcast to many receivers was
    /// checkpointed every second or third commit (S4 and S5 in docs/benchmarks.md).
    /// </summary>
    private const int CheckpointAfterPages = 16_000;

    private readonly string sqliteConnectionString = "";
    private readonly SemaphoreSlim? sqliteWriteGate;
    private readonly Lazy<SqliteWriteQueue>? sqliteWrites;
    private readonly NpgsqlDataSource? postgres;
    private readonly NpgsqlDataSource? postgresSharedState;

    private HubDatabase(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        if (kind == DatabaseKind.Sqlite)
        {
            var sqlite = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
            sqliteConnectionString = sqlite.ToString();
            sqliteWriteGate = SqliteWriteGate.For(sqlite.DataSource);
            sqliteWrites = new(() => new SqliteWriteQueue(OpenAsync));
        }
        else
        {
            postgres = NpgsqlDataSource.Create(WithPreparedStatements(connectionString));
            postgresSharedState = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(WithPreparedStatements(connectionString))
                { MaxPoolSize = SharedStateConnections, MinPoolSize = 0 }.ConnectionString);
        }
    }

    /// <summary>At most one read each of the shared state's version, the platforms and the agreements runs at a time.</summary>
    private const int SharedStateConnections = 3;

    public DatabaseKind Kind { get; }

    /// <summary>
    /// The hub sends the same few statements all day: Npgsql keeps the most used ones prepared on each connection,
    /// so PostgreSQL parses and plans each once per connection, not once per request; and a connection goes back to
    /// the pool without a <c>DISCARD ALL</c> (a statement more per use, which would also drop those prepared), as the
    /// hub leaves no session state on one (its advisory locks end with their transactions, a listener unlistens).
    /// A connection string that sets either itself keeps its value.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare"))
            builder.MaxAutoPrepare = 200;
        if (!given.ContainsKey("No Reset On Close"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>An SQLite database in <paramref name="file"/>, created (with its folder) if absent.</summary>
    public static HubDatabase Sqlite(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        return new(DatabaseKind.Sqlite, $"Data Source={file}");
    }

    public static HubDatabase PostgreSql(string connectionString) => new(DatabaseKind.PostgreSql, connectionString);

    /// <summary>
    /// An open connection. On SQLite every transaction on it is a write that waits for its turn
    /// (<see cref="GatedSqliteConnection"/>), so a write outside a transaction must use <see cref="WriteAsync{T}"/>;
    /// a frequent write goes through <see cref="InTransactionAsync{T}"/>, which commits it with others.
    /// </summary>
    /// <exception cref="DatabaseUnavailableException">No connection could be had (the database is down or every connection busy).</exception>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => OpenFromAsync(postgres, cancellationToken);

    /// <summary>
    /// A connection to read the state every request waits for: the shared state's version, the platforms and the
    /// agreements held in memory. On PostgreSQL it comes from a small pool of its own: requests read that state while
    /// holding a connection (a push in its transaction finds its receivers), so under load every connection of the
    /// main pool could be held by requests waiting for the one read that needed another, until the pool's timeout
    /// failed them all (S5 at 40 sessions/s: stalls of 15 s and hundreds of 503s).
    /// </summary>
    public Task<DbConnection> OpenForSharedStateAsync(CancellationToken cancellationToken = default) => OpenFromAsync(postgresSharedState, cancellationToken);

    private async Task<DbConnection> OpenFromAsync(NpgsqlDataSource? source, CancellationToken cancellationToken)
    {
        try
        {
            if (source is not null)
            {
                var session = await source.OpenConnectionAsync(cancellationToken);
                session.StateChange += DropSessionsOnBreak;
                return session;
            }
            var connection = new GatedSqliteConnection(sqliteConnectionString, sqliteWriteGate!, WritePatience);
            try
            {
                await connection.OpenAsync(cancellationToken);
                PrepareOnce(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            return connection;
        }
        catch (Exception e) when (e is DbException and not DatabaseUnavailableException or TimeoutException or IOException)
        {
            throw new DatabaseUnavailableException($"no connection to the database: {e.Message}", e);
        }
    }

    /// <summary>
    /// Settings of an SQLite connection, made once for each connection the provider opens and pools (its handle),
    /// not at each open: a statement less per request.
    /// </summary>
    private static void PrepareOnce(SqliteConnection connection)
    {
        if (PreparedHandles.TryGetValue(connection.Handle!, out _))
            return;
        // Another process on the same file (a second node, the admin CLI) is not behind the gate: SQLite itself then
        // waits for the lock in steps of a few milliseconds, instead of the provider's fixed 150 ms sleeps.
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, (int)WritePatience.TotalMilliseconds);
        // Foreign keys are off in SQLite unless asked for.
        connection.Execute("PRAGMA foreign_keys = ON;");
        // The one writer runs each write of a batch in a savepoint, and SQLite keeps the pages a savepoint changes in
        // a journal of its own to roll it back: past 64 KB in a temporary file, two write calls a page. Under S5 those were
        // four of every five of the hub's write calls (docs/benchmarks.md); in memory they are copies, freed at release.
        connection.Execute("PRAGMA temp_store = MEMORY;");
        SQLitePCL.raw.sqlite3_wal_autocheckpoint(connection.Handle, CheckpointAfterPages);
        PreparedHandles.AddOrUpdate(connection.Handle!, Prepared);
    }

    // The handles the provider pooled that are prepared already; held weakly, so a closed handle leaves the table.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> PreparedHandles = new();
    private static readonly object Prepared = new();

    /// <summary>
    /// A transaction that will write. On SQLite it waits for this process's turn to write and then takes the
    /// database's write lock at its start (<c>BEGIN IMMEDIATE</c>): what it reads stays as read until it commits,
    /// and it never fails to upgrade a read lock another writer holds too. PostgreSQL writers run side by side.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// <paramref name="write"/> in a write transaction of its own, committed; what it returned, once committed. On
    /// SQLite it is queued for the one writer, which commits every write waiting in one transaction, each in a savepoint
    /// (<see cref="SqliteWriteQueue"/>); on PostgreSQL writers run side by side. The write must not wait for another.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (sqliteWrites is not null)
            return await sqliteWrites.Value.WriteAsync(write, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var result = await write(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// A write that needs no transaction of its own (one statement); what it returned, once committed. On SQLite it is
    /// queued for the one writer like <see cref="InTransactionAsync{T}"/>; on PostgreSQL it runs without a transaction.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (sqliteWrites is not null)
            return await sqliteWrites.Value.WriteAsync(write, cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        return await write(connection, null);
    }

    /// <summary>One write statement; the rows it changed, once committed (<see cref="WriteAsync{T}"/>).</summary>
    public Task<int> ExecuteWriteAsync(string sql, object? parameters, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(sql, parameters, transaction), cancellationToken);

    /// <summary>
    /// <c>column IN (list)</c> for a short list parameter (an array): Dapper expands it for SQLite, a parameter per
    /// value, so that SQLite's planner sees the values; Npgsql takes it as an array.
    /// </summary>
    public string In(string column, string parameter) =>
        Kind == DatabaseKind.Sqlite ? $"{column} IN {parameter}" : $"{column} = ANY({parameter})";

    /// <summary>
    /// <c>column IN (list)</c> for a list that can be long (the deliveries a node holds), given by <see cref="Many{T}"/>:
    /// one parameter however long. SQLite reads it as a JSON array: expanded, it would take one parameter a value, at
    /// most 32,766 a statement, each looked up by name among all (quadratic in their number).
    /// </summary>
    public string InMany(string column, string parameter) =>
        Kind == DatabaseKind.Sqlite ? $"{column} IN (SELECT value FROM json_each({parameter}))" : $"{column} = ANY({parameter})";

    /// <summary>The value of a list parameter that <see cref="InMany"/> reads.</summary>
    public object Many<T>(IEnumerable<T> values) =>
        Kind == DatabaseKind.Sqlite ? System.Text.Json.JsonSerializer.Serialize(values) : values.ToArray();

    /// <summary>
    /// The text of a top-level field of a JSON text column, as both databases write it (an index on the expression
    /// is used only when a query writes it the same way).
    /// </summary>
    public string JsonText(string column, string field) =>
        Kind == DatabaseKind.Sqlite ? $"json_extract({column}, '$.{field}')" : $"({column}::jsonb ->> '{field}')";

    /// <summary>
    /// Whether <paramref name="e"/> says the database is unavailable for now rather than that the hub erred: no connection
    /// could be had, or one was lost under a statement (a PostgreSQL session ended by an operator or a failover, the
    /// network gone, the server short of resources), or another process held an SQLite file's lock beyond the write's
    /// patience (<c>SQLITE_BUSY</c>, <c>SQLITE_LOCKED</c>). The transaction it broke was not kept, or, lost at its very
    /// commit, may have been: a partner's retry of the same push stores the same state again.
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is DatabaseUnavailableException or NpgsqlException { IsTransient: true } or SqliteException { SqliteErrorCode: 5 or 6 } || EndsSession(e);

    /// <summary>A connection failure (08) or an operator's intervention (57P: shut down, restarting, crashed).</summary>
    private static bool EndsSession(Exception e) =>
        e is PostgresException { SqlState: var state } && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal));

    /// <summary>
    /// Once any use of a session (a request's, a worker's, the listener's) finds it broken, PostgreSQL ended it (an
    /// operator, a failover, a restart) or the network lost it, and the others, idle in both pools, are as likely
    /// gone: they are dropped, so the next use anywhere opens a new session instead of meeting the next dead one. The
    /// one place that sees it: every session the hub uses comes from <see cref="OpenFromAsync"/>.
    /// </summary>
    private void DropSessionsOnBreak(object? session, StateChangeEventArgs change)
    {
        if (session is not NpgsqlConnection { FullState: ConnectionState.Broken })
            return;
        // In a failover every busy session breaks, each a moment after the other: the first drops the idle ones, and
        // the others within the interval leave the pools alone (each drop also closes the live sessions opened since).
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref sessionsDroppedAt);
        if (now - last < (long)DropSessionsAtMostEvery.TotalMilliseconds || Interlocked.CompareExchange(ref sessionsDroppedAt, now, last) != last)
            return;
        postgres!.Clear();
        postgresSharedState!.Clear();
    }

    /// <summary>How soon after dropping the pools' sessions another break may drop them again.</summary>
    private static readonly TimeSpan DropSessionsAtMostEvery = TimeSpan.FromSeconds(5);

    private long sessionsDroppedAt = long.MinValue / 2;

    /// <summary>Whether <paramref name="e"/> is a unique or primary key constraint refusing a row.</summary>
    public static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public async ValueTask DisposeAsync()
    {
        if (sqliteWrites is { IsValueCreated: true })
            await sqliteWrites.Value.DisposeAsync();
        if (postgres is not null)
            await postgres.DisposeAsync();
        if (postgresSharedState is not null)
            await postgresSharedState.DisposeAsync();
    }
}
