using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// A hub whose database gives no connection (down, or every pooled connection busy under load) answers a partner
/// with a temporary refusal it will retry: HTTP 503 with <c>Retry-After</c> and OCPI 3000 naming the database, never
/// a 500 "internal error". The retry, once the database is back, is stored and delivered.
/// </summary>
public class DatabaseUnavailableTests
{
    private const string LocationPath = "receiver/locations/NL/C22/LOC1";

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_push_while_the_database_is_gone_is_refused_for_a_retry_and_the_retry_is_delivered(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC1");

        await using (await DatabaseOutage.BeginAsync(net.Hub, storage))
        {
            using var refused = await net.SendAsync(net.Cpo221, HttpMethod.Put, LocationPath, location);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            var envelope = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal(3000, envelope["status_code"]!.GetValue<int>());
            Assert.Contains("database", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Empty(RoamingNetwork.Received(net.Emsp221, "locations"));

        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, LocationPath, location);
        var delivered = await RoamingNetwork.ReceivedAsync(net.Emsp221, "locations", 1);
        Assert.EndsWith("/NL/C22/LOC1", Assert.Single(delivered).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_pooled_connection_busy_is_an_unavailable_database_not_a_fault()
    {
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var tiny = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1, Timeout = 1 }.ToString();
            await using var database = HubDatabase.PostgreSql(tiny);
            await using var held = await database.OpenAsync();
            var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => database.OpenAsync());
            Assert.IsType<NpgsqlException>(error.InnerException);
        }
        finally
        {
            await drop();
        }
    }
}
