using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// A delta run asks only what changed since the last successful run (<c>date_from</c> its <c>date_to</c>, up to
/// its own start) and stores and delivers exactly that; a full run over data the hub already holds changes nothing.
/// </summary>
public sealed class SyncDeltaTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delta_run_asks_from_the_last_runs_date_to_and_stores_and_delivers_exactly_what_changed(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        Fill(net.Cpo221, 100);
        var full = await RunAsync(net.Hub, "C22");
        Assert.Equal(("SUCCEEDED", 1, 100, 100, 0, 0), Counters(full));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 100), (net.Emsp221, 100), (net.Emsp230, 100));

        // Changed after the full run's date_to and before the delta starts: 10 renamed, 5 new.
        var changedAt = NextWholeSecond(DateTimeOffset.UtcNow);
        var changed = Enumerable.Range(20, 10).Select(i => $"L{i:D4}").Concat(Enumerable.Range(100, 5).Select(i => $"L{i:D4}")).ToList();
        foreach (var id in changed)
            net.Cpo221.Sender("locations").Put(Renamed(LocationJson.Location(OcpiVersion.V221, "NL", "C22", id, Format(changedAt))));
        await Eventually.UntilAsync(() => DateTimeOffset.UtcNow, now => now > changedAt.AddMilliseconds(50), "the changes to lie in the past");
        var requestsBefore = PageRequests(net.Cpo221).Count;
        var askedAt = DateTimeOffset.UtcNow;

        var queued = await StartAsync(net.Hub, "C22", kind: "DELTA");
        var delta = await EndedAsync(net.Hub, queued);

        Assert.Equal("DELTA", delta["kind"]!.GetValue<string>());
        Assert.Equal(("SUCCEEDED", 1, 15, 15, 0, 0), Counters(delta));
        var asked = QueryHelpers.ParseQuery(PageRequests(net.Cpo221)[requestsBefore].Query);
        Assert.Equal(Millis(Time(full, "date_to")), Millis(Parse(asked["date_from"].ToString())));
        Assert.Equal(Millis(Time(delta, "date_to")), Millis(Parse(asked["date_to"].ToString())));
        Assert.Equal(Time(full, "date_to"), Time(delta, "date_from"));
        Assert.InRange(Millis(Time(delta, "date_to")), Millis(askedAt), Millis(Time(delta, "started_at")));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 115), (net.Emsp221, 115), (net.Emsp230, 115));
        foreach (var emsp in net.Emsps)
        {
            var deliveredByDelta = RoamingNetwork.Received(emsp, "locations").Where(r => r.Headers["X-Correlation-ID"] == delta["correlation_id"]!.GetValue<string>());
            Assert.Equal(changed.Order(), deliveredByDelta.Select(r => r.Path.Split('/')[^1]).Order());
        }

        var again = await RunAsync(net.Hub, "C22");

        Assert.Equal(("SUCCEEDED", 1, 105, 0, 105, 0), Counters(again));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 115), (net.Emsp221, 115), (net.Emsp230, 115));
    }

    private static string Renamed(string location)
    {
        var node = JsonNode.Parse(location)!;
        node["name"] = "Renamed " + node["id"]!.GetValue<string>();
        return node.ToJsonString();
    }

    private static DateTimeOffset NextWholeSecond(DateTimeOffset t) => new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1);

    private static string Format(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static DateTimeOffset Time(JsonNode run, string field) => run[field]!.GetValue<DateTimeOffset>();

    // Requests name times to the millisecond.
    private static long Millis(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
}
