using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Sync;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>Sync runs and their problems in the hub's database: queued, running page by page, finished, listed and resumed.</summary>
public class SyncRunStoreTests
{
    private static readonly DateTimeOffset Saturday = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Leases of two nodes that last beyond the test (the store's clock starts on <see cref="Saturday"/>).</summary>
    private static readonly NodeLease NodeA = new("node-a", Saturday.AddDays(1));
    private static readonly NodeLease NodeB = new("node-b", Saturday.AddDays(1));

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_run_records_each_page_and_its_problems_and_ends(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await StoreAsync(hub);
        var runs = hub.Service<ISyncRunStore>();

        var queued = (await runs.QueueAsync(Planned("cpo", DataModule.Locations, SyncKind.Delta, from: Saturday.AddDays(-1)), SyncTrigger.Schedule, "corr-1"))!;
        Assert.True(await runs.ClaimAsync(queued.Id, NodeA));
        Assert.True(await runs.RecordPageAsync(queued.Id, new(3, 2, 0, 1, "https://partner.test/locations?offset=3", [new("LOC1", "missing evses")]), NodeA));
        Assert.True(await runs.RecordPageAsync(queued.Id, new(2, 1, 1, 0, null, []), NodeA));
        await runs.AddProblemsAsync(queued.Id, [new(null, "an object without id")]);
        Assert.True(await runs.FinishAsync(queued.Id, SyncStatus.Succeeded));

        var (run, problems) = (await runs.FindAsync(queued.Id))!;
        Assert.Equal(queued with
        {
            Status = SyncStatus.Succeeded, Pages = 2, Objects = 5, Changed = 3, Unchanged = 1, Invalid = 1,
            StartedAt = run.StartedAt, FinishedAt = run.FinishedAt,
        }, run);
        Assert.Equal((SyncKind.Delta, SyncTrigger.Schedule, "corr-1"), (run.Kind, run.Trigger, run.CorrelationId));
        Assert.True(run.CreatedAt <= run.StartedAt && run.StartedAt <= run.FinishedAt);
        Assert.Equal([new SyncProblem("LOC1", "missing evses"), new SyncProblem(null, "an object without id")], problems);
        Assert.Null(await runs.FindAsync("no-such-run"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_platform_and_module_have_one_run_queued_or_running_at_a_time(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);

        var first = (await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Schedule, "c"))!;
        Assert.Null(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Manual, "c"));
        await runs.ClaimAsync(first.Id, NodeA);
        Assert.Null(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs, SyncKind.Delta, Saturday), SyncTrigger.Manual, "c"));
        Assert.NotNull(await runs.QueueAsync(Planned("cpo", DataModule.Cdrs), SyncTrigger.Manual, "c"));
        Assert.NotNull(await runs.QueueAsync(Planned("emsp", DataModule.Tariffs), SyncTrigger.Manual, "c"));

        await runs.FinishAsync(first.Id, SyncStatus.Failed, "partner answered 500");
        Assert.NotNull(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Manual, "c"));
        Assert.Equal(3, (await runs.ListAsync(new(PlatformId: "cpo"))).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Only_a_running_run_takes_pages_and_an_ended_run_stays_ended(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var run = (await runs.QueueAsync(Planned("cpo", DataModule.Sessions), SyncTrigger.Manual, "c"))!;
        var page = new SyncPage(1, 1, 0, 0, "https://partner.test/next", [new("S1", "unknown party")]);

        Assert.False(await runs.RecordPageAsync(run.Id, page, NodeA));
        Assert.True(await runs.FinishAsync(run.Id, SyncStatus.Cancelled));
        Assert.False(await runs.ClaimAsync(run.Id, NodeA));
        Assert.False(await runs.RecordPageAsync(run.Id, page, NodeA));
        Assert.False(await runs.FinishAsync(run.Id, SyncStatus.Succeeded));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => runs.FinishAsync(run.Id, SyncStatus.Running));

        var (ended, problems) = (await runs.FindAsync(run.Id))!;
        Assert.Equal((SyncStatus.Cancelled, 0, 0, null, null), (ended.Status, ended.Pages, ended.Objects, ended.NextUrl, ended.StartedAt));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_history_holds_the_last_successful_run_and_the_run_in_progress(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var friday = await RunAsync(runs, Planned("cpo", DataModule.Locations, upTo: Saturday.AddDays(-1)), SyncStatus.Succeeded);
        var saturday = await RunAsync(runs, Planned("cpo", DataModule.Locations, upTo: Saturday), SyncStatus.Succeeded);
        await RunAsync(runs, Planned("cpo", DataModule.Locations, SyncKind.Delta, Saturday, Saturday.AddDays(1)), SyncStatus.Failed);
        await RunAsync(runs, Planned("cpo", DataModule.Locations, SyncKind.Delta, Saturday, Saturday.AddDays(2)), SyncStatus.Cancelled);
        var running = (await runs.QueueAsync(Planned("cpo", DataModule.Locations, SyncKind.Delta, Saturday, Saturday.AddDays(3)), SyncTrigger.Schedule, "c"))!;
        await runs.ClaimAsync(running.Id, NodeA);
        // A module whose runs all failed has no history: its next run is full.
        await RunAsync(runs, Planned("emsp", DataModule.Tokens, upTo: Saturday.AddDays(-7)), SyncStatus.Failed);
        var tariffs = (await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Manual, "c"))!;

        var history = (await runs.HistoryAsync()).ToDictionary(h => (h.PlatformId, h.Module));

        Assert.Equal([("cpo", DataModule.Locations), ("cpo", DataModule.Tariffs)], history.Keys.Order());
        Assert.Equal((saturday.Id, Saturday, running.Id), (history[("cpo", DataModule.Locations)].LastSucceeded?.Id,
            history[("cpo", DataModule.Locations)].LastSucceeded?.DateTo, history[("cpo", DataModule.Locations)].InProgress?.Id));
        Assert.NotEqual(friday.Id, history[("cpo", DataModule.Locations)].LastSucceeded?.Id);
        Assert.Equal((null, tariffs.Id), (history[("cpo", DataModule.Tariffs)].LastSucceeded, history[("cpo", DataModule.Tariffs)].InProgress?.Id));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Runs_in_progress_are_found_with_their_next_page_to_resume(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var cut = (await runs.QueueAsync(Planned("cpo", DataModule.Cdrs), SyncTrigger.Schedule, "c"))!;
        await runs.ClaimAsync(cut.Id, NodeA);
        await runs.RecordPageAsync(cut.Id, new(1000, 1000, 0, 0, "https://partner.test/cdrs?offset=1000&limit=1000", []), NodeA);
        await RunAsync(runs, Planned("cpo", DataModule.Locations), SyncStatus.Succeeded);
        var waiting = (await runs.QueueAsync(Planned("emsp", DataModule.Tokens), SyncTrigger.Schedule, "c"))!;

        var resumable = await runs.InProgressAsync();

        Assert.Equal([cut.Id, waiting.Id], resumable.Select(r => r.Id));
        Assert.Equal((SyncStatus.Running, 1, 1000, "https://partner.test/cdrs?offset=1000&limit=1000"),
            (resumable[0].Status, resumable[0].Pages, resumable[0].Objects, resumable[0].NextUrl));
        Assert.Equal(SyncStatus.Queued, resumable[1].Status);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Runs_are_listed_newest_first_by_platform_module_and_status(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var a = await RunAsync(runs, Planned("cpo", DataModule.Locations), SyncStatus.Succeeded);
        var b = await RunAsync(runs, Planned("emsp", DataModule.Tokens), SyncStatus.Failed);
        var c = await RunAsync(runs, Planned("cpo", DataModule.Tariffs), SyncStatus.Succeeded);
        var d = await RunAsync(runs, Planned("cpo", DataModule.Locations), SyncStatus.Failed);
        var e = (await runs.QueueAsync(Planned("cpo", DataModule.Locations), SyncTrigger.Manual, "c"))!;

        Assert.Equal([e.Id, d.Id, c.Id, b.Id, a.Id], Ids(await runs.ListAsync(new())));
        Assert.Equal([e.Id, d.Id, c.Id, a.Id], Ids(await runs.ListAsync(new(PlatformId: "cpo"))));
        Assert.Equal([e.Id, d.Id, a.Id], Ids(await runs.ListAsync(new(PlatformId: "cpo", Module: DataModule.Locations))));
        Assert.Equal([d.Id, b.Id], Ids(await runs.ListAsync(new(Status: SyncStatus.Failed))));
        Assert.Equal([e.Id, d.Id], Ids(await runs.ListAsync(new(Limit: 2))));
        Assert.Empty(await runs.ListAsync(new(PlatformId: "nobody")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_run_shows_its_first_hundred_problems_and_goes_with_its_platform(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var run = (await runs.QueueAsync(Planned("cpo", DataModule.Locations), SyncTrigger.Manual, "c"))!;
        await runs.ClaimAsync(run.Id, NodeA);
        var problems = Enumerable.Range(1, 150).Select(i => new SyncProblem($"LOC{i}", $"problem {i}")).ToList();
        await runs.RecordPageAsync(run.Id, new(150, 0, 0, 150, null, problems), NodeA);

        var found = (await runs.FindAsync(run.Id))!;

        Assert.Equal(150, found.Run.Invalid);
        Assert.Equal(problems.Take(SyncRunDetails.MaxProblems), found.Problems);
        await hub.Service<IPlatformStore>().DeleteAsync("cpo");
        Assert.Null(await runs.FindAsync(run.Id));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_run_is_held_by_one_node_until_its_lease_passes_then_another_takes_it_over(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var run = (await runs.QueueAsync(Planned("cpo", DataModule.Locations), SyncTrigger.Manual, "c"))!;
        var page = new SyncPage(10, 10, 0, 0, "https://partner.test/locations?offset=10", []);

        Assert.True(await runs.ClaimAsync(run.Id, NodeA));
        Assert.False(await runs.ClaimAsync(run.Id, NodeB));
        Assert.False(await runs.RecordPageAsync(run.Id, page, NodeB));
        Assert.True(await runs.RecordPageAsync(run.Id, page, NodeA));
        // Node A renews a lease that ends now: it has passed by the next reading of the clock (node A died).
        Assert.True(await runs.RenewAsync(run.Id, NodeA with { Until = Saturday }));
        Assert.True(await runs.ClaimAsync(run.Id, NodeB));

        Assert.False(await runs.RenewAsync(run.Id, NodeA));
        Assert.False(await runs.RecordPageAsync(run.Id, page, NodeA));
        Assert.False(await runs.FinishAsync(run.Id, SyncStatus.Succeeded, holder: NodeA.Node));
        Assert.True(await runs.RecordPageAsync(run.Id, page with { NextUrl = null }, NodeB));
        Assert.True(await runs.FinishAsync(run.Id, SyncStatus.Succeeded, holder: NodeB.Node));
        var ended = (await runs.FindAsync(run.Id))!.Run;
        Assert.Equal((SyncStatus.Succeeded, 2, 20, null), (ended.Status, ended.Pages, ended.Objects, ended.NextUrl));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_scheduled_tick_queues_a_platforms_module_once_even_after_its_run_ended(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var runs = await StoreAsync(hub);
        var tick = (await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Schedule, "c"))!;
        await runs.ClaimAsync(tick.Id, NodeA);
        await runs.FinishAsync(tick.Id, SyncStatus.Succeeded);

        // Another node's schedule firing late for the same moment: the tick's run exists.
        Assert.Null(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Schedule, "c"));
        Assert.NotNull(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs, upTo: Saturday.AddDays(1)), SyncTrigger.Schedule, "c"));
        await runs.FinishAsync((await runs.InProgressAsync())[0].Id, SyncStatus.Cancelled);
        Assert.NotNull(await runs.QueueAsync(Planned("cpo", DataModule.Tariffs), SyncTrigger.Manual, "c"));
    }

    /// <summary>
    /// The hub's platforms cpo and emsp, and a store over the hub's database on a clock that moves at every reading,
    /// so that runs queue in a clear order. The hub's sync worker is stopped: it would take the runs queued here.
    /// </summary>
    private static async Task<SyncRunStore> StoreAsync(HubUnderTest hub)
    {
        await hub.Service<SyncRuns>().StopAsync(CancellationToken.None);
        foreach (var id in new[] { "cpo", "emsp" })
            await hub.Service<IPlatformStore>().SaveAsync(new Platform { Id = id, Name = id, Status = PlatformStatus.Connected, CreatedAt = Saturday });
        return new(hub.Service<HubDatabase>(), new SteppingClock(Saturday));
    }

    private static async Task<SyncRun> RunAsync(ISyncRunStore runs, PlannedSync planned, SyncStatus outcome)
    {
        var run = (await runs.QueueAsync(planned, SyncTrigger.Manual, "c"))!;
        await runs.ClaimAsync(run.Id, NodeA);
        await runs.FinishAsync(run.Id, outcome, outcome == SyncStatus.Failed ? "failed" : null);
        return run;
    }

    private static PlannedSync Planned(string platform, DataModule module, SyncKind kind = SyncKind.Full, DateTimeOffset? from = null, DateTimeOffset? upTo = null) =>
        new(platform, module, kind, from, upTo ?? Saturday, 1000);

    private static IEnumerable<string> Ids(IEnumerable<SyncRun> runs) => runs.Select(r => r.Id);
}
