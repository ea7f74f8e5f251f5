using System.Globalization;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Data;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// Several hub nodes on one database share the delivery queue: whichever node claims a delivery sends it, each
/// receiver gets each change once and each object's changes in order; a node killed in the middle leaves its leases
/// to run out and another node takes them over; a node that starts releases its own leases only.
/// </summary>
public class DeliveriesAcrossNodesTests
{
    private static readonly DateTimeOffset FirstChange = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    // Every change is to reach each receiver, however long a slow machine keeps it waiting: none is collapsed into the
    // object's latest state, as a receiver's changes waiting 30 s would be.
    private const string EveryChange = "--Hub:DeliveryCollapseAfterSeconds=86400";

    /// <summary>The <paramref name="index"/>th change's timestamp: what tells the changes of one EVSE apart at a receiver.</summary>
    private static string Updated(int index) => (FirstChange + TimeSpan.FromSeconds(index)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Pushes <paramref name="changes"/> EVSE status changes of each of <paramref name="locations"/> through <paramref name="node"/>, the Locations' in parallel.</summary>
    private static async Task PushChangesAsync(IHub node, SimulatedPartner cpo, IReadOnlyList<string> locations, int changes)
    {
        foreach (var id in locations)
            await PushAsync(node, cpo, HttpMethod.Put, id, LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id));
        await Task.WhenAll(locations.Select(async id =>
        {
            for (var i = 0; i < changes; i++)
                await PushAsync(node, cpo, HttpMethod.Patch, $"{id}/{id}-E1", $$"""{"status":"{{(i % 2 == 0 ? "CHARGING" : "AVAILABLE")}}","last_updated":"{{Updated(i)}}"}""");
        }));
    }

    private static async Task PushAsync(IHub node, SimulatedPartner cpo, HttpMethod method, string path, string body)
    {
        using var response = await cpo.SendToHubAsync(method, $"{node.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The EVSE changes <paramref name="emsp"/> received, per Location, in the order they arrived.</summary>
    private static Dictionary<string, List<string>> Received(SimulatedPartner emsp) =>
        emsp.CheckedRequests()
            .Where(r => r.Method == "PATCH" && r.Path.StartsWith("/ocpi/2.2.1/locations/NL/CPA/", StringComparison.Ordinal))
            .GroupBy(r => r.Path.Split('/')[^2])
            .ToDictionary(g => g.Key, g => g.Select(r => JsonNode.Parse(r.Body)!["last_updated"]!.GetValue<string>()).ToList());

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_thousand_pushes_through_one_node_reach_every_receiver_once_each_and_in_order_whichever_node_sends_them(StorageKind storage)
    {
        // Two hub processes: the CPO pushes to the first, the eMSPs are connected (and agreed) through the second, and
        // each delivery is sent by whichever node claims it.
        var (first, second) = await HubProcess.StartTwoNodesAsync(storage, EveryChange);
        await using var _first = first;
        await using var _second = second;
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, second, "EMA", "EMB");
        await using var _ = cpo;
        var locations = Enumerable.Range(1, 20).Select(i => $"L{i}").ToList();
        const int changes = 50;

        await PushChangesAsync(first, cpo, locations, changes);

        await first.QueueEmptyAsync("no pending delivery left", 60_000);
        var expected = Enumerable.Range(0, changes).Select(Updated).ToList();
        foreach (var emsp in emsps)
        {
            var received = Received(emsp);
            Assert.Equal(locations.Order(), received.Keys.Order());
            foreach (var id in locations)
                Assert.Equal(expected, received[id]);
            // Reading from the node it is connected through, the eMSP finds each Location at its last change.
            Assert.Equal(locations.ToDictionary(id => id, _ => expected[^1]), await LastChangesReadAsync(second, emsp));
            await emsp.DisposeAsync();
        }
    }

    /// <summary>The last_updated of each Location's EVSE as <paramref name="emsp"/> reads them from <paramref name="node"/>.</summary>
    private static async Task<Dictionary<string, string>> LastChangesReadAsync(IHub node, SimulatedPartner emsp)
    {
        using var response = await emsp.SendToHubAsync(HttpMethod.Get, $"{node.BaseUrl}/ocpi/2.2.1/sender/locations?limit=100");
        var page = await Partners.EnvelopeAsync(response);
        return page["data"]!.AsArray().ToDictionary(l => l!["id"]!.GetValue<string>(), l => l!["evses"]![0]!["last_updated"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_node_killed_in_the_middle_of_deliveries_leaves_them_to_the_other_node_which_repeats_only_what_was_in_flight(StorageKind storage)
    {
        string[] shortLease = ["--Hub:DeliveryLeaseSeconds=2", EveryChange, HubProcess.SharedTokenKey];
        await using var a = await HubProcess.CreateAsync(storage);
        await a.StartAsync(shortLease);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(a, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var b = a.AnotherNode();
        await b.StartAsync(shortLease);
        // A slow receiver: deliveries are being sent, and leased, whenever the node is killed.
        emsp.ModuleResponseDelay = TimeSpan.FromMilliseconds(300);
        var locations = Enumerable.Range(1, 10).Select(i => $"L{i}").ToList();
        const int changes = 8;

        await PushChangesAsync(a, cpo, locations, changes);
        await Eventually.UntilAsync(() => Received(emsp).Values.Sum(c => c.Count), n => n >= 10, "deliveries under way");
        // Killed while it sends. Around the kill the receiver answers in 10 s and the calls begun before are let finish,
        // so a lease seen then cannot end between the check and the kill; the nodes take turns at the receiver's
        // deliveries, so the one killed is whichever holds some then.
        emsp.ModuleResponseDelay = TimeSpan.FromSeconds(10);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (killed, survivor) = await Eventually.UntilAsync(async () =>
            await PendingLeasedByAsync(a, a.NodeId) > 0 ? (a, b) : await PendingLeasedByAsync(a, b.NodeId) > 0 ? (b, a) : default,
            nodes => nodes.Item1 is not null, "a node holding leases");
        killed.Kill();
        emsp.ModuleResponseDelay = TimeSpan.FromMilliseconds(300);
        var beforeKill = Received(emsp);
        Assert.True(await PendingLeasedByAsync(a, killed.NodeId) > 0, "the killed node held leases");

        await survivor.QueueEmptyAsync("no pending delivery left", 60_000);
        var received = Received(emsp);
        var expected = Enumerable.Range(0, changes).Select(Updated).ToList();
        Assert.Equal(locations.Order(), received.Keys.Order());
        foreach (var id in locations)
        {
            // In order, each change at least once; a change twice only if the killed node had sent it: one repeat of what was in flight.
            Assert.Equal(received[id].Order(StringComparer.Ordinal), received[id]);
            Assert.Equal(expected, received[id].Distinct());
            foreach (var repeated in received[id].GroupBy(u => u).Where(g => g.Count() > 1))
            {
                Assert.Equal(2, repeated.Count());
                Assert.Contains(repeated.Key, beforeKill.GetValueOrDefault(id) ?? []);
            }
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_node_restarting_leaves_the_deliveries_another_node_is_sending_to_it(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        emsp.ModuleResponseDelay = TimeSpan.FromSeconds(4);

        await PushAsync(first, cpo, HttpMethod.Put, "L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await Eventually.UntilAsync(() => LocationPuts(emsp), n => n == 1, "the first node sending the Location");
        // Another node starts, stops and starts again while the first node's call is under way.
        await (await first.StartAnotherNodeAsync("--Hub:NodeId=node-b")).DisposeAsync();
        await using var second = await first.StartAnotherNodeAsync("--Hub:NodeId=node-b");

        await first.QueueEmptyAsync("no pending delivery left", 60_000);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a poll of the second node's worker
        Assert.Equal(1, LocationPuts(emsp));
    }

    private static int LocationPuts(SimulatedPartner emsp) => emsp.CheckedRequests().Count(r => r.Method == "PUT" && r.Path.Contains("/locations/", StringComparison.Ordinal));

    /// <summary>How many pending deliveries <paramref name="node"/> holds a lease on, as the database has it.</summary>
    private static async Task<long> PendingLeasedByAsync(HubProcess hub, string node)
    {
        await using var database = hub.Database();
        return await database.CountAsync("SELECT COUNT(*) FROM deliveries WHERE status = 'Pending' AND lease_owner = @node", new { node });
    }
}
