using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcpiHub.Protocol;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// The sync schedule on a clock the test drives, against real simulated partners: Saturday 01:00 UTC starts full
/// runs of every module every CONNECTED platform with <c>pull</c> on sends, the other days delta runs from where the
/// last successful run ended; a first run is full, a failed run moves nothing, <c>Hub:Sync:Enabled=false</c> starts
/// nothing, and a schedule that is not a cron expression stops the start.
/// </summary>
public sealed class ScheduledSyncTests
{
    private const int RunsTimeoutMs = 60_000;
    private static readonly DateTimeOffset Friday = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Saturday = Friday.AddDays(1);
    private static readonly DateTimeOffset Sunday = Friday.AddDays(2);
    private static readonly DateTimeOffset Monday = Friday.AddDays(3);
    private static readonly DateTimeOffset Tuesday = Friday.AddDays(4);

    /// <summary>What the network's platforms send, by party; E11 is missing: its <c>pull</c> is off.</summary>
    private static readonly string[] Pulled =
    [
        "C11 locations", "C11 tariffs", "C11 sessions", "C11 cdrs", "C22 locations", "C22 tariffs", "C22 sessions", "C22 cdrs",
        "E22 tokens", "E30 tokens",
    ];

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Saturday_starts_full_runs_other_days_delta_runs_from_the_last_successful_run(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Friday.AddMinutes(-30));
        await using var net = await RoamingNetwork.StartAsync(storage, clock);
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{await net.PlatformIdAsync("E11")}", new { settings = new { pull = false } });
        var parties = await PartiesAsync(net);
        var locations = SyncData.C22Locations(net, 3);

        // Friday's tick is a delta tick, but nothing was pulled yet: every first run is full.
        var friday = await TickAsync(net, clock, Friday);
        Assert.All(friday, run => Assert.Equal(("FULL", null, "SUCCEEDED"), (Text(run, "kind"), Text(run, "date_from"), Text(run, "status"))));
        Assert.Equal((3, 3), (Number(Run(friday, parties, "C22 locations"), "objects"), Number(Run(friday, parties, "C22 locations"), "changed")));

        var saturday = await TickAsync(net, clock, Saturday);
        Assert.All(saturday, run => Assert.Equal(("FULL", null, "SUCCEEDED"), (Text(run, "kind"), Text(run, "date_from"), Text(run, "status"))));
        Assert.Equal((3, 0), (Number(Run(saturday, parties, "C22 locations"), "objects"), Number(Run(saturday, parties, "C22 locations"), "changed")));

        locations.Put(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "SAT", "2026-12-05T12:00:00Z"));
        var sunday = await TickAsync(net, clock, Sunday);
        Assert.All(sunday, run => Assert.Equal(("DELTA", Saturday, "SUCCEEDED"), (Text(run, "kind"), Time(run, "date_from"), Text(run, "status"))));
        Assert.Equal((1, 1), (Number(Run(sunday, parties, "C22 locations"), "objects"), Number(Run(sunday, parties, "C22 locations"), "changed")));
        Assert.Contains(net.Cpo221.Requests, r => r.Path.EndsWith("/locations", StringComparison.Ordinal)
            && r.Query.Contains("date_from=2026-12-05T01%3A00%3A00Z&date_to=2026-12-06T01%3A00%3A00Z", StringComparison.Ordinal));

        locations.FailAlways = true;
        var monday = await TickAsync(net, clock, Monday);
        Assert.Equal("FAILED", Text(Run(monday, parties, "C22 locations"), "status"));
        Assert.All(monday.Where(run => Party(run, parties) != "C22 locations"), run => Assert.Equal("SUCCEEDED", Text(run, "status")));

        // The failed run moved nothing: Tuesday's delta of C22's Locations starts where Sunday's ended.
        locations.FailAlways = false;
        locations.Put(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "SUN", "2026-12-06T12:00:00Z"));
        var tuesday = await TickAsync(net, clock, Tuesday);
        var c22Locations = Run(tuesday, parties, "C22 locations");
        Assert.Equal(("DELTA", Sunday, "SUCCEEDED", 1), (Text(c22Locations, "kind"), Time(c22Locations, "date_from"), Text(c22Locations, "status"), Number(c22Locations, "changed")));
        Assert.All(tuesday.Where(run => run != c22Locations), run => Assert.Equal(("DELTA", Monday), (Text(run, "kind"), Time(run, "date_from"))));

        // pull off keeps the schedule away, not the operator: a run by hand is allowed.
        var e11 = await net.PlatformIdAsync("E11");
        Assert.Empty((await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs?platform_id={e11}")).AsArray());
        await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs", new { platform_id = e11, kind = "FULL" }, 202);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tick_fired_by_two_nodes_starts_each_run_once_even_by_a_node_whose_clock_is_behind(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Saturday.AddMinutes(-30));
        await using var net = await RoamingNetwork.StartAsync(storage, clock);
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{await net.PlatformIdAsync("E11")}", new { settings = new { pull = false } });
        var behind = new FakeTimeProvider(Saturday.AddMinutes(-30));
        await using var other = await net.Hub.StartAnotherNodeAsync(behind);

        // The first node's tick: its runs all end before the other node's clock reaches the same moment.
        var runs = await TickAsync(net, clock, Saturday);
        await LetTimePassAsync(behind, Saturday);

        var afterBoth = (await other.AdminAsync(HttpMethod.Get, "admin/syncs?limit=1000")).AsArray().Select(r => r!).Where(r => Text(r, "trigger") == "SCHEDULE").ToList();
        Assert.Equal(runs.Select(r => Text(r, "id")).Order(), afterBoth.Select(r => Text(r, "id")).Order());
        Assert.All(afterBoth, run => Assert.Equal("SUCCEEDED", Text(run, "status")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task With_the_schedule_disabled_saturday_starts_nothing(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Friday);
        await using var net = await RoamingNetwork.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");

        await LetTimePassAsync(clock, Saturday);

        Assert.Empty((await net.Hub.AdminAsync(HttpMethod.Get, "admin/syncs")).AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite, "--Hub:Sync:FullSchedule=every saturday", "Hub:Sync:FullSchedule")]
    [InlineData(StorageKind.PostgreSql, "--Hub:Sync:DeltaSchedule=0 25 * * *", "Hub:Sync:DeltaSchedule")]
    public async Task A_schedule_that_is_not_a_cron_expression_stops_the_start_naming_the_setting(StorageKind storage, string setting, string named)
    {
        var refused = await Assert.ThrowsAsync<HubConfigurationException>(() => HubUnderTest.StartAsync(storage, setting));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Sets the clock to <paramref name="at"/> and moves it on a second at a time, giving a schedule's tick the time to start runs.</summary>
    private static async Task LetTimePassAsync(FakeTimeProvider clock, DateTimeOffset at)
    {
        clock.SetUtcNow(at);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// Sets the clock to <paramref name="at"/> and waits for the runs the tick starts to end, nudging the clock a
    /// second at a time so that retries waiting on it go on; the runs, and that they are those of every pulled module.
    /// </summary>
    private static async Task<List<JsonNode>> TickAsync(RoamingNetwork net, FakeTimeProvider clock, DateTimeOffset at)
    {
        clock.SetUtcNow(at);
        var runs = await Eventually.UntilAsync(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return (await net.Hub.AdminAsync(HttpMethod.Get, "admin/syncs?limit=1000")).AsArray().Select(r => r!)
                .Where(r => Text(r, "trigger") == "SCHEDULE" && Time(r, "date_to") == at).ToList();
        }, runs => runs.Count >= Pulled.Length && runs.All(r => Text(r, "status") is "SUCCEEDED" or "FAILED"), $"the runs of {at:u} to end", RunsTimeoutMs);
        var parties = await PartiesAsync(net);
        Assert.Equal(Pulled.Order(), runs.Select(r => Party(r, parties)).Order());
        return runs;
    }

    /// <summary>The party of each platform, by platform id.</summary>
    private static async Task<Dictionary<string, string>> PartiesAsync(RoamingNetwork net) =>
        (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
        .ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["parties"]![0]!["party_id"]!.GetValue<string>());

    private static string Party(JsonNode run, Dictionary<string, string> parties) => $"{parties[Text(run, "platform_id")!]} {Text(run, "module")}";

    private static JsonNode Run(List<JsonNode> runs, Dictionary<string, string> parties, string pulled) => runs.Single(r => Party(r, parties) == pulled);

    private static string? Text(JsonNode run, string field) => run[field]?.GetValue<string>();

    private static DateTimeOffset? Time(JsonNode run, string field) => run[field] is { } value ? DateTimeOffset.Parse(value.GetValue<string>()) : null;

    private static int Number(JsonNode run, string field) => run[field]!.GetValue<int>();
}
