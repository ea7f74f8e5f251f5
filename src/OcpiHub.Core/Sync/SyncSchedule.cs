using Cronos;

namespace OcpiHub.Core.Sync;

/// <summary>A moment the schedule fires, and the kind of runs it starts.</summary>
public sealed record SyncTick(DateTimeOffset At, SyncKind Kind);

/// <summary>The full and delta schedules of <see cref="SyncOptions"/>, in UTC.</summary>
public sealed class SyncSchedule
{
    private readonly bool enabled;
    private readonly CronExpression full;
    private readonly CronExpression delta;

    private SyncSchedule(bool enabled, CronExpression full, CronExpression delta) =>
        (this.enabled, this.full, this.delta) = (enabled, full, delta);

    /// <summary>The schedule of <paramref name="options"/>; an expression that is not a cron expression is an <see cref="ArgumentException"/> naming the setting.</summary>
    public static SyncSchedule From(SyncOptions options) =>
        !(options.LeaseSeconds >= 1)
            ? throw new ArgumentException($"Hub:Sync:LeaseSeconds must be at least 1, not {options.LeaseSeconds}")
            : new(options.Enabled, Parse(options.FullSchedule, "Hub:Sync:FullSchedule"), Parse(options.DeltaSchedule, "Hub:Sync:DeltaSchedule"));

    /// <summary>
    /// The ticks in (<paramref name="lastTick"/>, <paramref name="now"/>], oldest first; none when the schedule is
    /// disabled. When both schedules fire at the same moment the full run wins.
    /// </summary>
    public IReadOnlyList<SyncTick> Due(DateTimeOffset lastTick, DateTimeOffset now)
    {
        if (!enabled || now <= lastTick)
            return [];
        var fullTimes = Occurrences(full, lastTick, now).ToHashSet();
        return fullTimes.Concat(Occurrences(delta, lastTick, now))
            .Distinct()
            .Order()
            .Select(at => new SyncTick(at, fullTimes.Contains(at) ? SyncKind.Full : SyncKind.Delta))
            .ToList();
    }

    /// <summary>The first moment after <paramref name="moment"/> either schedule fires; null when disabled.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset moment) => enabled
        ? new[] { full, delta }.Select(e => e.GetNextOccurrence(moment.UtcDateTime)).Min() is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null
        : null;

    private static IEnumerable<DateTimeOffset> Occurrences(CronExpression expression, DateTimeOffset after, DateTimeOffset upTo) =>
        expression.GetOccurrences(after.UtcDateTime, upTo.UtcDateTime, fromInclusive: false, toInclusive: true)
            .Select(at => new DateTimeOffset(at, TimeSpan.Zero));

    private static CronExpression Parse(string expression, string setting)
    {
        if (CronExpression.TryParse(expression, out var parsed))
            return parsed;
        throw new ArgumentException($"{setting} '{expression}' is not a cron expression (minute hour day-of-month month day-of-week)");
    }
}
