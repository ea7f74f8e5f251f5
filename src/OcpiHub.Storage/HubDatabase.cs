using System.Data.Common;
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
    private readonly string sqliteConnectionString = "";
    private readonly NpgsqlDataSource? postgres;

    private HubDatabase(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        if (kind == DatabaseKind.Sqlite)
            sqliteConnectionString = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, Pooling = true }.ToString();
        else
            postgres = NpgsqlDataSource.Create(connectionString);
    }

    public DatabaseKind Kind { get; }

    /// <summary>An SQLite database in <paramref name="file"/>, created (with its folder) if absent.</summary>
    public static HubDatabase Sqlite(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        return new(DatabaseKind.Sqlite, $"Data Source={file}");
    }

    public static HubDatabase PostgreSql(string connectionString) => new(DatabaseKind.PostgreSql, connectionString);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = postgres is null ? new SqliteConnection(sqliteConnectionString) : postgres.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// A transaction that will write. On SQLite it takes the database's write lock at its start (<c>BEGIN IMMEDIATE</c>):
    /// what it reads stays as read until it commits, and it never fails to upgrade a read lock another writer holds too.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);

    /// <summary>
    /// <c>column IN (list)</c> for a list parameter: Dapper expands the list for SQLite, Npgsql takes it as an array.
    /// </summary>
    public string In(string column, string parameter) =>
        Kind == DatabaseKind.Sqlite ? $"{column} IN {parameter}" : $"{column} = ANY({parameter})";

    /// <summary>
    /// The text of a top-level field of a JSON text column, as both databases write it (an index on the expression
    /// is used only when a query writes it the same way).
    /// </summary>
    public string JsonText(string column, string field) =>
        Kind == DatabaseKind.Sqlite ? $"json_extract({column}, '$.{field}')" : $"({column}::jsonb ->> '{field}')";

    /// <summary>Whether <paramref name="e"/> is a unique or primary key constraint refusing a row.</summary>
    public static bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
