using System.Globalization;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>
/// Last-seen times and message log entries are written in batches off the request path; a node that stops cleanly
/// writes what it had queued before it ends, so the other node (or the next start) reads them at once.
/// </summary>
public class BatchedWritesTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_node_that_stops_writes_the_last_seen_times_and_log_entries_it_queued(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        var platformId = await Partners.ConnectAsync(first, cpo, Initiator.Partner);
        var registered = LastSeen(await first.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"));
        var second = await first.StartAnotherNodeAsync();

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{second.BaseUrl}/ocpi/2.2.1/hubclientinfo"))
        {
            request.Headers.Add(HubTracing.CorrelationIdHeader, "corr-before-stop");
            using var response = await cpo.SendToHubAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }
        // Stopped at once, well within the second the last-seen writer gathers for.
        await second.DisposeAsync();

        Assert.True(LastSeen(await first.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}")) > registered,
            "the request through the stopped node is the platform's last-seen time");
        var logged = (await first.AdminAsync(HttpMethod.Get, "admin/messages?correlation_id=corr-before-stop")).AsArray();
        Assert.Equal("/ocpi/2.2.1/hubclientinfo", Assert.Single(logged)!["path"]!.GetValue<string>());
    }

    private static DateTimeOffset LastSeen(System.Text.Json.Nodes.JsonNode platform) =>
        DateTimeOffset.Parse(platform["last_seen_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
