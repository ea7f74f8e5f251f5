using OcpiHub.Core.Platforms;
using OcpiHub.Core.Sync;
using static OcpiHub.Core.Routing.DataModule;
using static OcpiHub.Core.Tests.Sync.SyncPlannerTests;
using static OcpiHub.Core.Tests.Sync.SyncWorld;

namespace OcpiHub.Core.Tests.Sync;

/// <summary>What an operator's sync request starts, with the same first-run-is-full rule as the schedule.</summary>
public class ManualSyncPlanTests
{
    private static readonly DateTimeOffset Now = Sunday.AddHours(9.5);

    [Fact]
    public void A_delta_request_of_every_module_is_full_where_no_run_succeeded_yet()
    {
        var plan = SyncPlanner.PlanManual(Now, Cpo, SyncKind.Delta, null, [Past(Cpo, Tariffs, Saturday)]);

        Assert.Equal(Sorted([.. Full(Now, Cpo, Locations, Sessions, Cdrs), Delta(Saturday, Now, Cpo, Tariffs)]), Sorted(plan.Runs));
        Assert.Equal((0, 0, null), (plan.InProgress.Count, plan.NotOwned.Count, plan.NotPulled));
    }

    [Fact]
    public void A_full_request_of_named_modules()
    {
        var plan = SyncPlanner.PlanManual(Now, Combo, SyncKind.Full, [Tokens, Sessions], [Past(Combo, Tokens, Saturday)]);

        Assert.Equal(Sorted(Full(Now, Combo, Tokens, Sessions)), Sorted(plan.Runs));
    }

    [Fact]
    public void Modules_with_a_run_in_progress_are_named_and_the_others_planned()
    {
        var plan = SyncPlanner.PlanManual(Now, Cpo, SyncKind.Full, [Locations, Cdrs, Tariffs],
            [Past(Cpo, Locations, inProgress: SyncStatus.Running), Past(Cpo, Cdrs, Saturday, SyncStatus.Queued)]);

        Assert.Equal([Locations, Cdrs], plan.InProgress);
        Assert.Equal(Full(Now, Cpo, Tariffs), plan.Runs);
    }

    [Fact]
    public void Modules_the_platform_does_not_send_are_named()
    {
        var plan = SyncPlanner.PlanManual(Now, Cpo211, SyncKind.Delta, [Sessions, Tokens, Locations], []);

        Assert.Equal([Sessions, Tokens], plan.NotOwned);
        Assert.Equal(Full(Now, Cpo211, Locations), plan.Runs);
    }

    [Fact]
    public void The_pull_setting_governs_the_schedule_only()
    {
        var plan = SyncPlanner.PlanManual(Now, Emsp.With(s => s with { Pull = false, PullLimit = 50 }), SyncKind.Full, null, []);

        Assert.Equal([Full(Now, Emsp, Tokens)[0] with { Limit = 50 }], plan.Runs);
    }

    [Theory]
    [InlineData(PlatformStatus.Offline, "OFFLINE")]
    [InlineData(PlatformStatus.Planned, "PLANNED")]
    [InlineData(PlatformStatus.Unregistered, "UNREGISTERED")]
    public void A_platform_not_connected_is_not_pulled(PlatformStatus status, string named)
    {
        var plan = SyncPlanner.PlanManual(Now, Cpo.With(status), SyncKind.Full, null, []);

        Assert.Empty(plan.Runs);
        Assert.Contains(named, plan.NotPulled, StringComparison.Ordinal);
    }

    [Fact]
    public void A_platform_that_sends_nothing_is_not_pulled()
    {
        var plan = SyncPlanner.PlanManual(Now, Odd, SyncKind.Full, [Locations], []);

        Assert.Empty(plan.Runs);
        Assert.Contains("sends none of", plan.NotPulled, StringComparison.Ordinal);
    }
}
