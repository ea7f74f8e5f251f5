using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// <c>POST /admin/syncs/{id}/cancel</c>: a queued run ends CANCELLED at once; a running run, here one whose partner
/// never answers its second page, is stopped and ends CANCELLED keeping what its first page stored; an ended run is
/// a 409, an unknown one a 404.
/// </summary>
public sealed class SyncCancelTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_running_run_stops_keeping_its_pages_and_a_queued_run_is_cancelled_at_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var cpo = await net.PlatformIdAsync("C22");
        var locations = SyncData.C22Locations(net, 700);
        locations.HangFrom = 500;

        var running = await StartAsync(net, cpo, "locations");
        await Eventually.UntilAsync(() => RunAsync(net, running), run => Number(run, "pages") == 1, "the first page to be recorded");
        // A platform's runs go one at a time: the next one waits behind the hanging one.
        var queued = await StartAsync(net, cpo, "tariffs");

        var cancelledAtOnce = await net.Hub.AdminAsync(HttpMethod.Post, $"admin/syncs/{queued}/cancel");
        Assert.Equal("CANCELLED", Text(cancelledAtOnce, "status"));
        Assert.Equal("RUNNING", Text(await net.Hub.AdminAsync(HttpMethod.Post, $"admin/syncs/{running}/cancel", expectedStatus: 202), "status"));

        var stopped = await Eventually.UntilAsync(() => RunAsync(net, running), run => Text(run, "status") != "RUNNING", "the running run to stop");
        Assert.Equal(("CANCELLED", 1, 500, 500), (Text(stopped, "status"), Number(stopped, "pages"), Number(stopped, "objects"), Number(stopped, "changed")));
        Assert.NotNull(Text(stopped, "finished_at"));
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 500), (net.Emsp230, 500));
        Assert.Equal("CANCELLED", Text(await RunAsync(net, queued), "status"));
        Assert.Equal(0, Number(await RunAsync(net, queued), "pages"));

        Assert.Contains("CANCELLED", Text(await net.Hub.AdminAsync(HttpMethod.Post, $"admin/syncs/{running}/cancel", expectedStatus: 409), "error"));
        await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs/no-such-run/cancel", expectedStatus: 404);

        // The worker is free again: a new run of the same module starts and ends.
        locations.HangFrom = int.MaxValue;
        var again = await StartAsync(net, cpo, "locations");
        var ended = await Eventually.UntilAsync(() => RunAsync(net, again), run => Text(run, "status") is "SUCCEEDED" or "FAILED", "the next run to end", 60_000);
        Assert.Equal(("SUCCEEDED", 700, 200), (Text(ended, "status"), Number(ended, "objects"), Number(ended, "changed")));
    }

    private static async Task<string> StartAsync(RoamingNetwork net, string platformId, string module) =>
        Text(Assert.Single((await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs", new { platform_id = platformId, kind = "FULL", modules = new[] { module } }, 202))
            .AsArray())!, "id")!;

    private static Task<JsonNode> RunAsync(RoamingNetwork net, string id) => net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{id}");

    private static string? Text(JsonNode run, string field) => run[field]?.GetValue<string>();

    private static int Number(JsonNode run, string field) => run[field]!.GetValue<int>();
}
