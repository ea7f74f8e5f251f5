using OcpiHub.Core.Sync;
using static OcpiHub.Core.Tests.Sync.SyncWorld;

namespace OcpiHub.Core.Tests.Sync;

/// <summary>The ticks of the default and configured schedules, in (last tick, now].</summary>
public class SyncScheduleTests
{
    private static readonly SyncSchedule Defaults = SyncSchedule.From(new SyncOptions());

    [Fact]
    public void Saturday_01_00_UTC_is_a_full_tick()
    {
        Assert.Equal([new SyncTick(Saturday, SyncKind.Full)], Defaults.Due(Saturday.AddMinutes(-1), Saturday));
    }

    [Fact]
    public void A_week_has_one_full_tick_and_six_delta_ticks_at_01_00_UTC()
    {
        var ticks = Defaults.Due(Saturday.AddHours(-12), Saturday.AddDays(7).AddHours(-12));

        Assert.Equal(Enumerable.Range(0, 7).Select(d => new SyncTick(Saturday.AddDays(d), d == 0 ? SyncKind.Full : SyncKind.Delta)), ticks);
    }

    [Fact]
    public void The_last_tick_is_left_out_and_now_is_included()
    {
        Assert.Empty(Defaults.Due(Sunday, Sunday.AddMinutes(59)));
        Assert.Equal([new SyncTick(Sunday, SyncKind.Delta)], Defaults.Due(Sunday.AddTicks(-1), Sunday));
        Assert.Empty(Defaults.Due(Sunday, Sunday));
    }

    [Fact]
    public void Times_are_read_in_UTC_whatever_their_offset()
    {
        var berlin = TimeSpan.FromHours(1);

        var ticks = Defaults.Due(Saturday.ToOffset(berlin).AddMinutes(-30), Saturday.ToOffset(berlin).AddMinutes(30));

        Assert.Equal([new SyncTick(Saturday, SyncKind.Full)], ticks);
    }

    [Fact]
    public void When_both_schedules_fire_at_once_the_full_run_wins()
    {
        var schedule = SyncSchedule.From(new SyncOptions { FullSchedule = "0 1 * * *", DeltaSchedule = "0 * * * *" });

        var ticks = schedule.Due(Saturday.AddMinutes(-90), Saturday.AddMinutes(61));

        Assert.Equal([new(Saturday.AddHours(-1), SyncKind.Delta), new(Saturday, SyncKind.Full), new SyncTick(Saturday.AddHours(1), SyncKind.Delta)], ticks);
    }

    [Fact]
    public void A_disabled_schedule_never_fires()
    {
        var schedule = SyncSchedule.From(new SyncOptions { Enabled = false });

        Assert.Empty(schedule.Due(Saturday.AddDays(-7), Saturday));
        Assert.Null(schedule.NextAfter(Saturday));
    }

    [Fact]
    public void The_next_tick_is_the_earlier_of_both_schedules()
    {
        Assert.Equal(Sunday, Defaults.NextAfter(Saturday));
        Assert.Equal(Saturday, Defaults.NextAfter(Saturday.AddHours(-23)));
    }

    [Theory]
    [InlineData("every saturday", "0 1 * * 0-5", "Hub:Sync:FullSchedule")]
    [InlineData("0 1 * * 6", "0 25 * * *", "Hub:Sync:DeltaSchedule")]
    public void A_schedule_that_is_not_a_cron_expression_is_named(string full, string delta, string named)
    {
        var problem = Assert.Throws<ArgumentException>(() => SyncSchedule.From(new SyncOptions { FullSchedule = full, DeltaSchedule = delta }));

        Assert.Contains(named, problem.Message, StringComparison.Ordinal);
    }
}
