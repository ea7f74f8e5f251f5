using System.Reflection;
using Dapper;

namespace OcpiHub.Storage;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_*.sql</c> scripts in order, each once, each in a transaction, and
/// records them in <c>schema_migrations</c>. A script written for one database only is named
/// <c>NNNN_*.sqlite.sql</c> or <c>NNNN_*.postgresql.sql</c>; a shared one may write <c>{{identity}}</c> for an
/// auto-numbered primary key column. Runs at every start; SQLite is switched to WAL.
/// </summary>
public static class Migrator
{
    public static async Task MigrateAsync(HubDatabase database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == DatabaseKind.Sqlite)
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();

        foreach (var (version, sql) in Scripts(database.Kind).Where(s => !applied.Contains(s.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
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
