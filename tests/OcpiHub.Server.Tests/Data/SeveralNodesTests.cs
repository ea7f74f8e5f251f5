using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Two hub nodes on one database (one SQLite file, one PostgreSQL database) change one object as one hub does: the
/// stored copy is read, changed and written under a lock the database holds, so concurrent PATCHes through both
/// nodes lose nothing and a new object is created once; a DELETE takes the same path and is delivered and logged. A
/// CDR POSTed through both nodes at once is created once (its key is the stored object's, not a lock of one
/// process) and reaches its eMSP once.
/// </summary>
public class SeveralNodesTests
{
    private static async Task<HttpStatusCode> SendAsync(IHub node, SimulatedPartner cpo, HttpMethod method, string path, string body)
    {
        using var response = await cpo.SendToHubAsync(method, $"{node.BaseUrl}/ocpi/2.2.1/receiver/{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response.StatusCode;
    }

    private static async Task<JsonNode> StoredAsync(IHub node, SimulatedPartner cpo, string path)
    {
        using var response = await cpo.SendToHubAsync(HttpMethod.Get, $"{node.BaseUrl}/ocpi/2.2.1/receiver/{path}");
        return (await Partners.EnvelopeAsync(response))["data"]!;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Concurrent_patches_of_one_locations_evses_through_two_nodes_are_all_kept_and_delivered(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var second = await first.StartAnotherNodeAsync();
        var nodes = new[] { first, second };
        var evses = Enumerable.Range(1, 20).Select(i => $"E{i}").ToList();
        await SendAsync(first, cpo, HttpMethod.Put, "locations/NL/CPA/L1",
            LocationJson.WithEvses(LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"), evses.Select(uid => LocationJson.Evse(OcpiVersion.V221, uid))));

        // Rounds of every EVSE's status changed at once, half through each node: each round must leave all of them.
        string[] statuses = ["CHARGING", "BLOCKED", "RESERVED", "OUTOFORDER", "INOPERATIVE"];
        foreach (var (status, round) in statuses.Select((status, round) => (status, round)))
        {
            await Task.WhenAll(evses.Select((uid, i) => SendAsync(nodes[i % 2], cpo, HttpMethod.Patch, $"locations/NL/CPA/L1/{uid}",
                $$"""{"status":"{{status}}","last_updated":"2026-11-01T11:{{round:D2}}:{{i:D2}}Z"}""")));
            foreach (var node in nodes)
            {
                var stored = await StoredAsync(node, cpo, "locations/NL/CPA/L1");
                Assert.Equal(evses.Select(uid => (uid, status)),
                    stored["evses"]!.AsArray().Select(e => (e!["uid"]!.GetValue<string>(), e["status"]!.GetValue<string>())));
            }
        }
        // Each EVSE's every change reaches the eMSP.
        foreach (var status in statuses)
            await Eventually.UntilAsync(() => PatchedEvses(emsp, status), got => got.SetEquals(evses), $"every EVSE's PATCH to {status} at the eMSP", 15_000);
    }

    private static HashSet<string> PatchedEvses(SimulatedPartner emsp, string status) =>
        emsp.CheckedRequests()
            .Where(r => r.Method == "PATCH" && r.Path.StartsWith("/ocpi/2.2.1/locations/NL/CPA/L1/", StringComparison.Ordinal)
                        && JsonNode.Parse(r.Body)!["status"]!.GetValue<string>() == status)
            .Select(r => r.Path.Split('/')[^1])
            .ToHashSet();

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Concurrent_puts_of_one_new_location_through_two_nodes_create_it_once(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var second = await first.StartAnotherNodeAsync();

        for (var round = 0; round < 10; round++)
        {
            var id = $"NEW{round}";
            var location = LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id);
            var statuses = await Task.WhenAll(new[] { first, second, first, second }.Select(node => SendAsync(node, cpo, HttpMethod.Put, $"locations/NL/CPA/{id}", location)));
            Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 1, $"round {round}: {string.Join(", ", statuses)}");
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delete_through_the_other_node_reaches_the_receiver_and_is_logged_once(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var second = await first.StartAnotherNodeAsync();
        await SendAsync(first, cpo, HttpMethod.Put, "tariffs/NL/CPA/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "CPA", "T1"));

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{second.BaseUrl}/ocpi/2.2.1/receiver/tariffs/NL/CPA/T1");
        delete.Headers.Add("X-Correlation-ID", "corr-delete-1");
        using (var response = await cpo.SendToHubAsync(delete))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var received = await Eventually.UntilAsync(() => emsp.CheckedRequests().Where(r => r.Path.Contains("/tariffs/", StringComparison.Ordinal)).ToList(),
            r => r.Count == 2, "the PUT and the DELETE at the eMSP");
        Assert.Equal([("PUT", "/ocpi/2.2.1/tariffs/NL/CPA/T1"), ("DELETE", "/ocpi/2.2.1/tariffs/NL/CPA/T1")], received.Select(r => (r.Method, r.Path)));
        Assert.Equal("corr-delete-1", received[1].Header("X-Correlation-ID"));
        var logged = await Eventually.UntilAsync(
            async () => (await first.AdminAsync(HttpMethod.Get, "admin/messages?correlation_id=corr-delete-1")).AsArray().Select(m => m!).ToList(),
            m => m.Count(e => e["direction"]!.GetValue<string>() == "OUT") == 1, "the DELETE and its delivery in the message log");
        var inbound = Assert.Single(logged, e => e["direction"]!.GetValue<string>() == "IN");
        Assert.Equal(("DELETE", "tariffs", 200), (inbound["method"]!.GetValue<string>(), inbound["module"]!.GetValue<string>(), inbound["http_status"]!.GetValue<int>()));
        using var readBack = await cpo.SendToHubAsync(HttpMethod.Get, $"{first.BaseUrl}/ocpi/2.2.1/receiver/tariffs/NL/CPA/T1");
        Assert.Equal(HttpStatusCode.NotFound, readBack.StatusCode);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cdr_posted_through_two_nodes_at_once_is_created_once_and_delivered_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await using var second = await net.Hub.StartAnotherNodeAsync();
        var nodes = new IHub[] { net.Hub, second, net.Hub, second };
        var ids = Enumerable.Range(1, 10).Select(i => $"TWICE{i}").ToList();

        foreach (var id in ids)
        {
            var cdr = ChargeJson.Cdr(OcpiVersion.V221, "C22", "E30", id, "LOC22");
            var answers = await Task.WhenAll(nodes.Select(async node =>
            {
                using var response = await net.Cpo221.SendToHubAsync(HttpMethod.Post, $"{node.BaseUrl}/ocpi/2.2.1/receiver/cdrs", cdr);
                return (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>();
            }));
            Assert.True(answers.Count(a => a == 1000) == 1 && answers.Count(a => a == 2001) == 3, $"{id}: {string.Join(", ", answers)}");
        }

        await net.AssertNothingMoreAsync("cdrs", (net.Emsp230, ids.Count));
        Assert.Equal(ids.Order(), CdrsAt(net.Emsp230).Select(r => JsonNode.Parse(r.Body)!["id"]!.GetValue<string>()).Order());
    }

    private static List<RecordedRequest> CdrsAt(SimulatedPartner emsp) =>
        emsp.CheckedRequests().Where(r => r.Method == "POST" && r.Path.EndsWith("/cdrs", StringComparison.Ordinal)).ToList();
}
