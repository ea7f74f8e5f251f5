using Dapper;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// Hub nodes started at the same moment on one empty database (a fresh PostgreSQL database, or one SQLite file):
/// every node comes up (and answers the health check a load balancer asks), and each migration is applied once.
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
            // Nodes of one hub share its token key (on PostgreSQL each has a data folder of its own).
            var sharedKey = HubProcess.SharedTokenKey;
            await Task.WhenAll(others.Prepend(first).Select(node => node.StartAsync(sharedKey)));

            // Each answers its load balancer's health check, naming itself.
            using var http = new HttpClient();
            var healthy = await Task.WhenAll(others.Prepend(first).Select(async node =>
                System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"{node.BaseUrl}/health"))!));
            Assert.All(healthy, h => Assert.Equal("ok", h["status"]!.GetValue<string>()));
            Assert.Equal(Nodes, healthy.Select(h => h["node"]!.GetValue<string>()).Distinct().Count());
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
