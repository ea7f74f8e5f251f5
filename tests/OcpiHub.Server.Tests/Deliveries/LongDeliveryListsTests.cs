using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// A node renews and records what it holds in one statement however much that is: a receiver that is down for long,
/// or many slow receivers, leave a node holding tens of thousands of deliveries. A list is one parameter, not one a
/// value (SQLite takes at most 32,766 in a statement, and binding each by name is quadratic in their number).
/// </summary>
public sealed class LongDeliveryListsTests
{
    private const string Node = "node-holding-many";
    private const int Held = 40_000;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Renewing_and_completing_more_deliveries_than_a_statement_takes_parameters_holds_for_every_one(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        var store = hub.Service<IDataStore>();
        var seqs = await HoldAsync(database);
        var until = DateTimeOffset.UtcNow.AddHours(2);

        await store.RenewLeasesAsync(new NodeLease(Node, until), seqs);
        Assert.Equal(Held, await CountAsync(database, "lease_until = @until", new { until = until.ToUnixTimeMilliseconds() }));

        await store.CompleteAsync(seqs, Node);
        Assert.Equal(Held, await CountAsync(database, "status = 'Done' AND lease_owner IS NULL", null));
    }

    /// <summary>Deliveries to a receiver that does not exist, leased to a node that is not running: nothing else touches them.</summary>
    private static async Task<IReadOnlyList<long>> HoldAsync(HubDatabase database)
    {
        var leaseUntil = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        await database.ExecuteWriteAsync($"""
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Held})
            INSERT INTO deliveries (receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id,
                status, attempts, next_attempt_at, lease_until, lease_owner, created_at)
            SELECT 'no-such-platform', 'DE*NOP', 'NL*CPO', 'Locations', 'NL*CPO', 'LOC' || i, 'PUT', 'LOC' || i, NULL, 'long-lists',
                'Pending', 0, 0, {leaseUntil}, '{Node}', 0 FROM n
            """, null);
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<long>($"SELECT seq FROM deliveries WHERE lease_owner = '{Node}' ORDER BY seq")];
    }

    private static async Task<long> CountAsync(HubDatabase database, string condition, object? parameters) =>
        await database.CountAsync($"SELECT COUNT(*) FROM deliveries WHERE correlation_id = 'long-lists' AND {condition}", parameters);
}
