using Dapper;
using Microsoft.Data.Sqlite;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// On SQLite the write-ahead log is copied back into the file only once it holds 16,000 pages, not SQLite's 1,000: the
/// pages the outbox writes again and again are copied once per checkpoint, so the fewer checkpoints the fewer copies
/// (S4 and S5 in docs/benchmarks.md).
/// </summary>
public class SqliteCheckpointTests
{
    [Fact]
    public async Task Many_commits_stay_in_the_log_until_it_holds_sixteen_thousand_pages()
    {
        await ScratchDatabase.WithAsync(StorageKind.Sqlite, async database =>
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            await database.ExecuteWriteAsync("CREATE TABLE filler (body TEXT NOT NULL)", null, cancellationToken);
            // Held open throughout: when the last connection to a file closes (another test clearing the pools in
            // between), SQLite checkpoints the whole log.
            await using var held = (SqliteConnection)await database.OpenAsync(cancellationToken);
            var pageBytes = await held.ExecuteScalarAsync<long>("PRAGMA page_size");
            var before = new FileInfo(held.DataSource).Length;

            // 40 commits of 1,000 rows of 2 KB (two to a page): about 500 pages each, 20,000 in all.
            var body = new string('x', 2000);
            for (var commit = 0; commit < 40; commit++)
            {
                await database.InTransactionAsync((connection, transaction) =>
                    connection.ExecuteAsync("INSERT INTO filler (body) VALUES (@body)", Enumerable.Repeat(new { body }, 1000), transaction),
                    cancellationToken);
                // After 13,000 pages and the migrations' few hundred, nothing was copied into the file yet.
                if (commit == 25)
                    Assert.Equal(before, new FileInfo(held.DataSource).Length);
            }

            // The commit that took the log past 16,000 pages copied them, each a page of the file now.
            var after = new FileInfo(held.DataSource).Length;
            Assert.True(after > before + 15_000 * pageBytes, $"the file grew from {before} to {after} bytes");
            Assert.Equal(40_000, await held.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM filler"));
        });
    }
}
