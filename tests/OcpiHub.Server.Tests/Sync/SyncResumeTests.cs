using OcpiHub.Core.Sync;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// A hub process killed with SIGKILL in the middle of a run, while it waits for a slow page (the deliveries of the pages
/// before it done), resumes the run from the
/// next page it recorded when it starts again on the same data, and ends it as an uninterrupted run would.
/// </summary>
public sealed class SyncResumeTests
{
    private const int Locations = 1000;
    private const int PageSize = 100;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_run_cut_off_by_a_kill_resumes_from_its_recorded_next_page_and_ends_with_the_counts_of_an_uninterrupted_run(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await hub.StartAsync();
        var (cpo, emsp) = await SlowCpoAndEmspAsync(hub);
        await using var _ = cpo;
        await using var __ = emsp;

        var queued = await StartAsync(hub, "C22");
        // Page 3 is on its way (a second): page 4, asked only once page 3 is recorded, will not be answered before the kill.
        await Eventually.UntilAsync(() => PageRequests(cpo).Count, n => n >= 3, "the hub to ask page 3", RunTimeoutMs);
        cpo.ModuleResponseDelay = TimeSpan.FromSeconds(30);
        await Eventually.UntilAsync(() => PageRequests(cpo).Count, n => n >= 4, "the hub to ask page 4", RunTimeoutMs);
        // The deliveries of pages 1 to 3 done first: one in flight at the kill would be sent again after it (at least once).
        await Eventually.UntilAsync(() => RoamingNetwork.Received(emsp, "locations").Count, n => n >= 3 * PageSize, "the first 300 deliveries");
        await Task.Delay(500);
        hub.Kill();
        var recorded = await RecordedAsync(hub, Id(queued));
        var before = PageRequests(cpo);
        Assert.Equal((SyncStatus.Running, 3, 3 * PageSize), (recorded.Status, recorded.Pages, recorded.Objects));
        Assert.Equal(cpo.BaseUrl + before[3].Path + before[3].Query, recorded.NextUrl);
        cpo.ModuleResponseDelay = TimeSpan.Zero;

        await hub.StartAsync();
        var run = await EndedAsync(hub, queued);

        Assert.Equal(("SUCCEEDED", Locations / PageSize, Locations, Locations, 0, 0), Counters(run));
        var after = PageRequests(cpo).Skip(before.Count).ToList();
        Assert.Equal(recorded.NextUrl, cpo.BaseUrl + after[0].Path + after[0].Query);
        Assert.Equal(Locations / PageSize - 3, after.Count);
        await Eventually.UntilAsync(() => RoamingNetwork.Received(emsp, "locations").Select(r => r.Path).Distinct().Count(), n => n >= Locations,
            $"{Locations} Locations at the eMSP", RunTimeoutMs);
        await Task.Delay(400);
        Assert.Equal(Locations, RoamingNetwork.Received(emsp, "locations").Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_run_whose_node_is_killed_is_taken_over_by_the_other_node_from_its_next_page_and_loses_no_object(StorageKind storage)
    {
        await using var first = await HubProcess.CreateAsync(storage);
        string[] settings = ["--Hub:Sync:LeaseSeconds=2", HubProcess.SharedTokenKey];
        await first.StartAsync(settings);
        await using var second = first.AnotherNode();
        var (cpo, emsp) = await SlowCpoAndEmspAsync(first);
        await using var _ = cpo;
        await using var __ = emsp;

        // The first node holds the run (it asked a page) before the second starts; then it dies waiting for page 4.
        var queued = await StartAsync(first, "C22");
        await Eventually.UntilAsync(() => PageRequests(cpo).Count, n => n >= 1, "the first node to ask page 1", RunTimeoutMs);
        await second.StartAsync(settings);
        await Eventually.UntilAsync(() => PageRequests(cpo).Count, n => n >= 3, "the hub to ask page 3", RunTimeoutMs);
        cpo.ModuleResponseDelay = TimeSpan.FromSeconds(30);
        await Eventually.UntilAsync(() => PageRequests(cpo).Count, n => n >= 4, "the hub to ask page 4", RunTimeoutMs);
        first.Kill();
        var recorded = await RecordedAsync(first, Id(queued));
        var before = PageRequests(cpo);
        cpo.ModuleResponseDelay = TimeSpan.Zero;

        var run = await EndedAsync(second, queued);

        Assert.Equal(("SUCCEEDED", Locations / PageSize, Locations, Locations, 0, 0), Counters(run));
        var after = PageRequests(cpo).Skip(before.Count).ToList();
        Assert.Equal(recorded.NextUrl, cpo.BaseUrl + after[0].Path + after[0].Query);
        Assert.Equal(Locations / PageSize - recorded.Pages, after.Count);
        await Eventually.UntilAsync(() => RoamingNetwork.Received(emsp, "locations").Select(r => r.Path).Distinct().Count(), n => n == Locations,
            $"{Locations} Locations at the eMSP", RunTimeoutMs);
    }

    /// <summary>A CPO serving <see cref="Locations"/> Locations a page a second, and an eMSP agreed with it, connected to the hub.</summary>
    private static async Task<(SimulatedPartner Cpo, SimulatedPartner Emsp)> SlowCpoAndEmspAsync(HubProcess hub)
    {
        var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "C22"), maxPageSize: PageSize);
        var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Hub);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*C22", "DE*E22");
        Fill(cpo, Locations);
        cpo.ModuleResponseDelay = TimeSpan.FromSeconds(1);
        return (cpo, emsp);
    }

    /// <summary>The run as the killed hub left it in its database.</summary>
    private static async Task<SyncRun> RecordedAsync(HubProcess hub, string runId)
    {
        await using var database = hub.Database();
        var found = await new SyncRunStore(database, TimeProvider.System).FindAsync(runId);
        return found!.Run;
    }
}
