using System.Reflection;
using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_*.sql</c> scripts in order, each once, each in a transaction, and
/// records them in <c>schema_migrations</c>. A script written for one database only is named
/// <c>NNNN_*.sqlite.sql</c> or <c>NNNN_*.postgresql.sql</c>; a shared one may write <c>{{identity}}</c> for an
/// auto-numbered primary key column. Runs at every start of every node; SQLite is switched to WAL.
/// </summary>
/// <remarks>
/// Nodes started together migrate once: each script is applied in a transaction that first takes the migration
/// lock (PostgreSQL: a transaction-level advisory lock; SQLite: the write lock, <c>BEGIN IMMEDIATE</c>) and reads
/// again what is applied, so a node that waited finds the script done. A transaction-level lock, not a session one,
/// also holds behind PgBouncer in transaction mode.
/// </remarks>
public static class Migrator
{
    /// <summary>The advisory lock number of migrations (any constant the hub uses for nothing else: "OCPIMIGR").</summary>
    private const long MigrationLock = 0x4F4350494D494752;

    public static async Task MigrateAsync(HubDatabase database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == DatabaseKind.Sqlite)
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        var scripts = Scripts(database.Kind).ToList();
        while (true)
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            if (database.Kind == DatabaseKind.PostgreSql)
                await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@lock)", new { @lock = MigrationLock }, transaction);
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
                transaction: transaction);
            var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet();
            if (scripts.FirstOrDefault(s => !applied.Contains(s.Version)) is not { Sql: not null } next)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }
            await connection.ExecuteAsync(next.Sql, transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version = next.Version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The migrations this build has that <paramref name="connection"/>'s database has not applied (a node of an older
    /// build migrated it, or it was restored from an older backup): the hub must not serve on it.
    /// </summary>
    public static async Task<IReadOnlyList<long>> MissingAsync(System.Data.Common.DbConnection connection, DatabaseKind kind, CancellationToken cancellationToken = default)
    {
        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
        return Scripts(kind).Select(s => s.Version).Where(v => !applied.Contains(v)).ToList();
    }

    private static IEnumerable<(long Version, string Sql)> Scripts(DatabaseKind kind)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var other = kind == DatabaseKind.Sqlite ? ".postgresql.sql" : ".sqlite.sql";
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && !n.EndsWith(other, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var file = name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var identity = kind == DatabaseKind.Sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
            yield return (long.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd().Replace("{{identity}}", identity));
        }
    }
}
