using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// A sync run started by the admin API pulls a real simulated 2.2.1 CPO page by page, stores what it sends through
/// the change pipeline and delivers each change to every agreed eMSP in its own version; what did not change reaches
/// no one, invalid objects are skipped with their reasons, and a page that keeps failing ends the run.
/// </summary>
public sealed class SyncRunTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_full_run_stores_2500_locations_in_5_pages_and_delivers_each_to_every_agreed_emsp_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        Fill(net, 2500);

        var first = await RunAsync(net);

        Assert.Equal(("SUCCEEDED", 5, 2500, 2500, 0, 0), Counters(first));
        await Eventually.UntilAsync(() => net.Emsps.Sum(emsp => RoamingNetwork.Received(emsp, "locations").Count), n => n >= 3 * 2500,
            "7,500 deliveries", RunTimeoutMs);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 2500), (net.Emsp221, 2500), (net.Emsp230, 2500));
        var correlationId = first["correlation_id"]!.GetValue<string>();
        foreach (var emsp in net.Emsps)
        {
            Assert.All(RoamingNetwork.Received(emsp, "locations"), r => Assert.Equal(("PUT", correlationId), (r.Method, r.Headers["X-Correlation-ID"])));
            Assert.Equal(2500, RoamingNetwork.Received(emsp, "locations").Select(r => r.Path).Distinct().Count());
        }
        var pageRequests = net.Cpo221.CheckedRequests().Where(r => r.Method == "GET" && r.Path.EndsWith("/locations", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, pageRequests.Count);
        Assert.All(pageRequests, r => Assert.Equal((correlationId, "C22"), (r.Headers["X-Correlation-ID"], r.Headers["OCPI-to-party-id"])));

        var second = await RunAsync(net);

        Assert.Equal(("SUCCEEDED", 5, 2500, 0, 2500, 0), Counters(second));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 2500), (net.Emsp221, 2500), (net.Emsp230, 2500));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Invalid_locations_on_a_page_are_skipped_and_reported_with_their_ids_and_reasons(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net, 100);
        net.Cpo221.Sender("locations").Invalid = (10, 3);

        var run = await RunAsync(net);

        Assert.Equal(("SUCCEEDED", 1, 100, 97, 0, 3), Counters(run));
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 97), (net.Emsp230, 97));
        var problems = (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(run)}"))["problems"]!.AsArray();
        Assert.Equal(["L0010", "L0011", "L0012"], problems.Select(p => p!["object_id"]!.GetValue<string>()));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p!["problem"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_page_that_always_fails_ends_the_run_failed_with_its_reason_and_keeps_the_pages_before_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net, 700);
        net.Cpo221.Sender("locations").FailFrom = 500;

        var run = await RunAsync(net);

        Assert.Equal(("FAILED", 1, 500, 500, 0, 0), Counters(run));
        Assert.Contains("HTTP 500", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 500), (net.Emsp230, 500));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_of_a_party_the_platform_does_not_carry_is_refused_and_reported(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net, 5);
        net.Cpo221.Sender("locations").Put(LocationJson.Location(OcpiVersion.V221, "NL", "C11", "FOREIGN"));

        var run = await RunAsync(net);

        Assert.Equal(("SUCCEEDED", 1, 6, 5, 0, 1), Counters(run));
        var problem = Assert.Single((await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(run)}"))["problems"]!.AsArray())!;
        Assert.Equal("FOREIGN", problem["object_id"]!.GetValue<string>());
        Assert.Contains("NL*C11", problem["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 5), (net.Emsp230, 5));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    public async Task A_2_1_1_cpo_is_pulled_as_its_own_party(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        for (var i = 0; i < 150; i++)
            net.Cpo211.Sender("locations").Put(LocationJson.Location(OcpiVersion.V211, "NL", "C11", $"OLD{i:D3}"));

        var run = await RunAsync(net, "C11");

        Assert.Equal(("SUCCEEDED", 2, 150, 150, 0, 0), Counters(run));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 150), (net.Emsp230, 150));
        Assert.Contains(RoamingNetwork.Received(net.Emsp230, "locations"), r => r.Path.EndsWith("/NL/C11/OLD000", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    public async Task A_second_run_while_one_is_in_progress_is_refused_naming_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net, 10);
        net.Cpo221.Sender("locations").Hang = true;
        await StartAsync(net);

        var refused = await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs", Request(await PlatformAsync(net.Hub, "C22")), 409);

        Assert.Contains("locations", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        net.Cpo221.Sender("locations").Hang = false;
    }

    private static void Fill(RoamingNetwork net, int count) => SyncAdmin.Fill(net.Cpo221, count);

    private static Task<JsonNode> StartAsync(RoamingNetwork net, string cpo = "C22") => SyncAdmin.StartAsync(net.Hub, cpo);

    /// <summary>Starts a full run of the CPO's Locations and waits for it to end.</summary>
    private static async Task<JsonNode> RunAsync(RoamingNetwork net, string cpo = "C22")
    {
        var queued = await StartAsync(net, cpo);
        Assert.Equal("FULL", queued["kind"]!.GetValue<string>());
        var ended = await EndedAsync(net.Hub, queued);
        var listed = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/syncs?module=locations&limit=1")).AsArray();
        Assert.Equal(Id(queued), Id(Assert.Single(listed)!));
        return ended;
    }
}
