using System.Diagnostics;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// A partner that fails: a page failing once is asked again and the run goes on; a partner that never answers
/// costs the run its page budget per try and fails it; a page whose Link names itself ends the run with what it read;
/// an object the hub's database refuses is skipped and reported, and the runs queued behind run.
/// </summary>
public sealed class SyncFaultTests
{
    private const int PageTimeoutSeconds = 1;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_page_failing_once_is_asked_again_and_the_run_succeeds(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net.Cpo221, 700);
        net.Cpo221.Sender("locations").FailOnceAt(500);

        var run = await RunAsync(net.Hub, "C22");

        Assert.Equal(("SUCCEEDED", 2, 700, 700, 0, 0), Counters(run));
        var pages = PageRequests(net.Cpo221);
        Assert.Equal(3, pages.Count);
        Assert.Equal(pages[1].Query, pages[2].Query);
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 700), (net.Emsp230, 700));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_hanging_partner_fails_the_run_within_its_page_budget(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, $"--Hub:Sync:PageTimeoutSeconds={PageTimeoutSeconds}");
        Fill(net.Cpo221, 10);
        net.Cpo221.Sender("locations").Hang = true;
        var clock = Stopwatch.StartNew();

        var run = await RunAsync(net.Hub, "C22");

        clock.Stop();
        Assert.Equal(("FAILED", 0, 0, 0, 0, 0), Counters(run));
        Assert.Equal(1 + Server.Sync.SyncRunner.PageRetries, PageRequests(net.Cpo221).Count);
        // Each try costs at most its budget, the waits between tries double from a second: 4 tries, 1 + 2 + 4 s of waiting.
        var budget = TimeSpan.FromSeconds((1 + Server.Sync.SyncRunner.PageRetries) * PageTimeoutSeconds + 7);
        Assert.True(clock.Elapsed < budget + TimeSpan.FromSeconds(10), $"the run took {clock.Elapsed}, its budget is {budget}");
        Assert.Contains("GET ", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
        net.Cpo221.Sender("locations").Hang = false;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_object_leaving_the_list_during_a_run_costs_none_of_the_objects_after_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, $"--Hub:Sync:PageTimeoutSeconds={PageTimeoutSeconds}");
        Fill(net.Cpo221, 700);
        var sender = net.Cpo221.Sender("locations");
        sender.HangFrom = 500;

        var started = await StartAsync(net.Hub, "C22");
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(started)}"), run => run["pages"]!.GetValue<int>() == 1,
            "the first page recorded");
        // L0000 changes after the run's date_to: it leaves the list asked for, and every later object moves down one.
        sender.Put(LocationJson.Location(OcpiHub.Protocol.OcpiVersion.V221, "NL", "C22", "L0000",
            DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        sender.HangFrom = int.MaxValue;
        var run = await EndedAsync(net.Hub, started);

        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        // X-Total-Count fell by one: the page is asked again from one object earlier (OCPI's advice), so L0500 is read.
        Assert.Contains(PageRequests(net.Cpo221), r => r.Query.Contains("offset=499", StringComparison.Ordinal));
        var stored = await net.Hub.Service<OcpiHub.Core.Data.IDataStore>().FindAsync(OcpiHub.Core.Routing.DataModule.Locations,
            new OcpiHub.Core.Platforms.PartyKey("NL", "C22"), "L0500", CancellationToken.None);
        Assert.NotNull(stored);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_whose_total_counts_what_is_left_cannot_keep_a_run_asking_pages_again(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net.Cpo221, 1500);
        net.Cpo221.Sender("locations").ReportedTotal = (offset, total) => total - offset;

        var run = await RunAsync(net.Hub, "C22");

        // Page 2 says 1,000 after 1,500: page 1 is asked again, once; its Link names page 2, read already: the run ends.
        Assert.Equal("SUCCEEDED", run["status"]!.GetValue<string>());
        Assert.Equal(3, PageRequests(net.Cpo221).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_page_whose_link_names_itself_ends_the_run_with_what_was_read(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net.Cpo221, 700);
        net.Cpo221.Sender("locations").Links = PageLinks.Self;

        var run = await RunAsync(net.Hub, "C22");

        Assert.Equal(("SUCCEEDED", 1, 500, 500, 0, 0), Counters(run));
        Assert.Single(PageRequests(net.Cpo221));
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 500), (net.Emsp230, 500));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_object_the_database_refuses_is_reported_and_the_run_and_the_runs_after_it_end(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net.Cpo221, 10);
        await RefuseObjectAsync(net.Hub, "L0003");

        var locations = await StartAsync(net.Hub, "C22");
        var tariffs = await StartAsync(net.Hub, "C22", "tariffs");

        // Before, the run stayed RUNNING and was tried again every second, and the Tariffs run never started.
        var run = await EndedAsync(net.Hub, locations, timeoutMs: 20_000);
        Assert.Equal(("SUCCEEDED", 1, 10, 9, 0, 1), Counters(run));
        var problem = Assert.Single(run["problems"]!.AsArray())!;
        Assert.Equal("L0003", problem["object_id"]!.GetValue<string>());
        Assert.Contains("refused by the test", problem["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", (await EndedAsync(net.Hub, tariffs, timeoutMs: 20_000))["status"]!.GetValue<string>());
        await net.AssertNothingMoreAsync("locations", (net.Emsp221, 9), (net.Emsp230, 9));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_whose_token_no_key_of_the_hub_opens_fails_its_run_and_the_runs_after_it_run(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        Fill(net.Cpo221, 10);
        // As a rotation ended before every node had sealed its tokens again leaves one.
        var database = net.Hub.Service<HubDatabase>();
        await database.ExecuteWriteAsync("UPDATE platforms SET outbound_token = @token WHERE id = @id",
            new { token = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)), id = await PlatformAsync(net.Hub, "C22") });
        await Task.Delay(net.Hub.Service<SharedStateVersion>().CheckEvery * 2); // the node's copy of the platform read again

        var locations = await StartAsync(net.Hub, "C22");
        var other = await StartAsync(net.Hub, "C11");

        // Before, the run failed to start again every second and the run after it never started.
        Assert.Equal("FAILED", (await EndedAsync(net.Hub, locations, timeoutMs: 20_000))["status"]!.GetValue<string>());
        Assert.Equal("SUCCEEDED", (await EndedAsync(net.Hub, other, timeoutMs: 20_000))["status"]!.GetValue<string>());
        Assert.Empty(PageRequests(net.Cpo221));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_that_hangs_holds_up_only_its_own_run(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:Sync:PageTimeoutSeconds=30");
        Fill(net.Cpo221, 10);
        net.Cpo221.Sender("locations").Hang = true;

        var hanging = await StartAsync(net.Hub, "C22");
        await Eventually.UntilAsync(() => PageRequests(net.Cpo221).Count, n => n > 0, "the hanging partner asked");
        var other = await StartAsync(net.Hub, "C11");

        // Before, the second run waited behind the first: four tries of 30 s.
        Assert.Equal("SUCCEEDED", (await EndedAsync(net.Hub, other, timeoutMs: 20_000))["status"]!.GetValue<string>());
        Assert.Equal("RUNNING", (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(hanging)}"))["status"]!.GetValue<string>());
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/syncs/{Id(hanging)}/cancel", expectedStatus: 202);
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(hanging)}"),
            run => run["status"]!.GetValue<string>() == "CANCELLED", "the hanging run cancelled");
        net.Cpo221.Sender("locations").Hang = false;
    }

    /// <summary>The hub's database refuses to store the object of id <paramref name="id"/>, as a constraint or a fault of its own would.</summary>
    private static Task RefuseObjectAsync(HubUnderTest hub, string id)
    {
        var database = hub.Service<HubDatabase>();
        return database.ExecuteWriteAsync(database.Kind == DatabaseKind.Sqlite
            ? $"CREATE TRIGGER refuse_object BEFORE INSERT ON objects WHEN NEW.object_id = '{id}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            : $"""
              CREATE FUNCTION refuse_object() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN IF NEW.object_id = '{id}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_object BEFORE INSERT ON objects FOR EACH ROW EXECUTE FUNCTION refuse_object();
              """, null);
    }
}
