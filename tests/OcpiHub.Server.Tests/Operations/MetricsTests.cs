using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// <c>/metrics</c> over real HTTP: a CPO's push moves the request counter of its module, method, version and OCPI
/// status, and each receiver's delivery counter and latency histogram; the backlog gauges name the receivers, and count
/// a failing receiver's waiting and failed deliveries apart from the others'.
/// A hub exports only its own instruments: another hub started and stopped in the same process (as the test run
/// does all the time) neither adds to its counts nor retires its streams. The runtime's own meter is exported too.
/// </summary>
public class MetricsTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_push_and_its_deliveries_move_the_counters(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:Telemetry:DeliveryCountSeconds=0.2");
        await (await HubUnderTest.StartAsync(StorageKind.Sqlite)).DisposeAsync();
        var cpo = await net.PlatformIdAsync("C22");
        var e22 = await net.PlatformIdAsync("E22");
        var e30 = await net.PlatformIdAsync("E30");
        (string, string)[] push = [("platform", cpo), ("module", "locations"), ("method", "PUT"), ("version", "2.2.1"), ("ocpi_status", "1000")];
        var before = await Scrape.TextAsync(net.Hub.BaseUrl);
        Assert.Equal(0, Scrape.Sum(before, "ocpihub_requests_total", push));
        Assert.Equal(0, Scrape.Sum(before, "ocpihub_deliveries_total", ("receiver", e22), ("module", "locations"), ("outcome", "delivered")));

        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC1"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 2), (net.Emsp230, 2));

        var after = await Eventually.UntilAsync(() => Scrape.TextAsync(net.Hub.BaseUrl),
            text => Scrape.Sum(text, "ocpihub_deliveries_total", ("receiver", e30), ("module", "locations"), ("outcome", "delivered")) == 2, "both deliveries to E30 counted");
        Assert.Equal(2, Scrape.Sum(after, "ocpihub_requests_total", push));
        foreach (var receiver in new[] { e22, e30 })
        {
            Assert.Equal(2, Scrape.Sum(after, "ocpihub_deliveries_total", ("receiver", receiver), ("module", "locations"), ("outcome", "delivered")));
            Assert.Equal(2, Scrape.Sum(after, "ocpihub_delivery_duration_seconds_count", ("receiver", receiver), ("module", "locations")));
        }
        // Nothing left waiting: the gauges read the store and say 0 for each receiver they list.
        Assert.Equal(0, Scrape.Sum(after, "ocpihub_deliveries_pending", ("receiver", e22)));
        Assert.Contains("ocpihub_message_log_queue", after, StringComparison.Ordinal);
        // The ASP.NET Core and HttpClient instrumentation are exported too.
        Assert.Contains("http_server_request_duration_seconds", after, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_backlog_gauges_count_a_failing_receivers_waiting_deliveries_by_receiver(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:Telemetry:DeliveryCountSeconds=0.2");
        var e22 = await net.PlatformIdAsync("E22");
        var e30 = await net.PlatformIdAsync("E30");
        net.Emsp221.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");

        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC1"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));

        // E22 refused what it was sent: both wait, those tried counted as failed; E30 took both and has nothing waiting.
        var failing = await Eventually.UntilAsync(() => Scrape.TextAsync(net.Hub.BaseUrl),
            text => Scrape.Sum(text, "ocpihub_deliveries_failed", ("receiver", e22)) >= 1 && Scrape.Sum(text, "ocpihub_deliveries_pending", ("receiver", e30)) == 0,
            "E22's refused delivery counted as failed, E30's none waiting");
        Assert.Equal(2, Scrape.Sum(failing, "ocpihub_deliveries_pending", ("receiver", e22)));
        Assert.InRange(Scrape.Sum(failing, "ocpihub_deliveries_failed", ("receiver", e22)), 1, 2);
        Assert.Equal(0, Scrape.Sum(failing, "ocpihub_deliveries_failed", ("receiver", e30)));
        Assert.Equal(0, Scrape.Sum(failing, "ocpihub_deliveries_dead", ("receiver", e22)));

        net.Emsp221.ModuleResponder = null;
        await Eventually.UntilAsync(() => Scrape.TextAsync(net.Hub.BaseUrl),
            text => Scrape.Sum(text, "ocpihub_deliveries_pending", ("receiver", e22)) == 0 && Scrape.Sum(text, "ocpihub_deliveries_failed", ("receiver", e22)) == 0,
            "E22's deliveries sent once it answers again, nothing left waiting or failed");
    }

    [Fact]
    public async Task The_runtime_meter_exports_the_heap_the_working_set_and_compilation()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        // The tests' hubs share the test process: a collection here is one of the hub's process.
        GC.Collect();
        var text = await Scrape.TextAsync(hub.BaseUrl);
        // Not compared: the heap counts free space between objects whose pages the collector may have given back.
        Assert.True(Scrape.Sum(text, "dotnet_gc_last_collection_heap_size_bytes") > 0, "the heap after the last collection is exported");
        Assert.True(Scrape.Sum(text, "dotnet_process_memory_working_set_bytes") > 0, "the working set is exported");
        Assert.True(Scrape.Sum(text, "dotnet_jit_compilation_time_seconds_total") > 0, "the time spent compiling is exported");
    }

    [Fact]
    public async Task The_scrape_path_is_a_setting()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite, "--Hub:Telemetry:MetricsPath=/internal/metrics");
        Assert.Contains("ocpihub_message_log_queue", await Scrape.TextAsync(hub.BaseUrl, "/internal/metrics"), StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(hub.BaseUrl + "/metrics")).StatusCode);
    }
}
