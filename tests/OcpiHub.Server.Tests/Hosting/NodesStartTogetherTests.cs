using Dapper;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// Hub nodes started at the same moment on one empty database (a fresh PostgreSQL database, or one SQLite file):
/// every node comes up, and each migration is applied once.
/// </summary>
public sealed class NodesStartTogetherTests
{
    private const int Nodes = 3;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Nodes_started_at_once_on_an_empty_database_all_come_up_and_migrate_it_once(StorageKind storage)
    {
        await using var first = await HubProcess.CreateAsync(storage);
        var others = Enumerable.Range(1, Nodes - 1).Select(_ => first.AnotherNode()).ToList();
        try
        {
            await Task.WhenAll(others.Prepend(first).Select(node => node.StartAsync()));

            foreach (var node in others.Prepend(first))
                await node.AdminAsync(HttpMethod.Get, "admin/platforms");
            await using var database = first.Database();
            await using var connection = await database.OpenAsync();
            var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            Assert.Equal(applied.Distinct(), applied);
            Assert.NotEmpty(applied);
        }
        finally
        {
            foreach (var node in others)
                await node.DisposeAsync();
        }
    }
}
