using System.Collections.Concurrent;
using System.Diagnostics;

namespace OcpiHub.Load;

/// <summary>
/// What S5 measured, as it happens: each request into the hub by kind (authorization, push, page) with when it
/// started, how long it took and whether the hub accepted it; sessions begun and completed; and the hub process's
/// memory, CPU and compilation every few seconds. The window around the hub's kill and restart is reported apart.
/// </summary>
public sealed class DayFigures
{
    public const string PageKind = "page of 100 Locations";

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(string Kind, double At, double Ms, bool Ok)> requests = new();
    private readonly ConcurrentQueue<(double At, HubSample Hub)> samples = new();
    private readonly ConcurrentDictionary<string, int> refusals = new();
    private readonly ConcurrentQueue<(double Began, double Ended, bool Completed)> sessions = new();
    private int noFreeEvse;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>From the kill to the restarted hub's first answer, in seconds since the start.</summary>
    public (double From, double To)? Outage { get; set; }

    /// <param name="refusal">Why it was refused or failed (an HTTP and an OCPI status, an error), when it was.</param>
    public void Request(string kind, TimeSpan started, TimeSpan took, string? refusal = null)
    {
        requests.Enqueue((kind, started.TotalSeconds, took.TotalMilliseconds, refusal is null));
        if (refusal is not null)
            refusals.AddOrUpdate($"{kind}: {refusal}", 1, (_, count) => count + 1);
    }

    /// <summary>Waits until the day's clock reads <paramref name="due"/> (at once when it is past).</summary>
    public async Task UntilAsync(TimeSpan due)
    {
        if (due > clock.Elapsed)
            await Task.Delay(due - clock.Elapsed);
    }

    public void Sample(HubSample hub) => samples.Enqueue((clock.Elapsed.TotalSeconds, hub));

    /// <summary>A session begun at <paramref name="began"/> has ended now; <paramref name="completed"/>: the hub accepted each of its requests.</summary>
    public void SessionEnded(TimeSpan began, bool completed) => sessions.Enqueue((began.TotalSeconds, clock.Elapsed.TotalSeconds, completed));

    public void NoFreeEvse() => Interlocked.Increment(ref noFreeEvse);

    /// <summary>The Markdown tables of docs/benchmarks.md.</summary>
    public void Report(string database, double offeredPerSecond, double seconds, long deliveries)
    {
        var steady = requests.Where(r => !InOutage(r.At, r.Ms)).ToList();
        Load.Report.Line("");
        var roaming = requests.Count(r => r.Kind != PageKind);
        // A session the kill cut (under way while the hub was killed or down) fails by the scenario's design; the others
        // tell whether the hub kept up with the sessions offered.
        var (completed, uncut) = (sessions.Count(s => s.Completed), sessions.Where(s => !InOutage(s.Began, (s.Ended - s.Began) * 1000)).ToList());
        Load.Report.Line($"| S5 on {database}, {seconds:F0} s | offered sessions/s | sessions begun | completed | completed/s | "
            + "not cut by the outage: completed | no free EVSE | authorizations and pushes into the hub/s | deliveries received/s | pages read/s |");
        Load.Report.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Load.Report.Line($"| | {Load.Report.F(offeredPerSecond)} | {sessions.Count} | {completed} | {Load.Report.F(completed / seconds)} | "
            + $"{uncut.Count(s => s.Completed)} of {uncut.Count} | {noFreeEvse} | "
            + $"{Load.Report.F(roaming / seconds, "F0")} | {Load.Report.F(deliveries / seconds, "F0")} | {Load.Report.F((requests.Count - roaming) / seconds, "F0")} |");
        Load.Report.Line("");
        Load.Report.Line("| S5 requests, outside the outage | count | refused or failed | p50 ms | p99 ms | max ms |");
        Load.Report.Line("|---|---:|---:|---:|---:|---:|");
        foreach (var kind in steady.Select(r => r.Kind).Distinct().Order())
        {
            var these = steady.Where(r => r.Kind == kind).ToList();
            var ms = these.Select(r => r.Ms).Order().ToArray();
            Load.Report.Line($"| {kind} | {these.Count} | {these.Count(r => !r.Ok)} | {Load.Report.F(TimedLoop.Percentile(ms, 0.50))} | "
                + $"{Load.Report.F(TimedLoop.Percentile(ms, 0.99))} | {Load.Report.F(ms.Length == 0 ? double.NaN : ms[^1])} |");
        }
        if (Outage is { } outage)
        {
            var during = requests.Where(r => InOutage(r.At, r.Ms)).ToList();
            Load.Report.Line($"| during the outage ({outage.From:F0} s to {outage.To:F0} s) | {during.Count} | {during.Count(r => !r.Ok)} | | | |");
        }
        if (Outage is { } restart)
            ReportPhases(steady, restart.To);
        ReportSpans(steady, "minute", 60);
        // The restart's slow minute in finer steps: a burst that passes in seconds, or a minute slow throughout.
        if (Outage is { } restarted)
            ReportSpans([.. steady.Where(r => r.At >= restarted.To - 10 && r.At < restarted.To + 60)], "10 s around the restart", 10);
        foreach (var (why, count) in refusals.OrderByDescending(r => r.Value).Take(8))
            Load.Report.Line($"S5 refused or failed, {count} times: {why}");
        Load.Report.Line("");
        // The working set holds what the collector keeps for later; the heap after the last collection is what the hub holds.
        Load.Report.Line("| S5 hub process at | working set MB | heap after the last collection MB | CPU cores used since the row before | compiling, s a second since the row before |");
        Load.Report.Line("|---:|---:|---:|---:|---:|");
        (double At, HubSample Hub)? before = null;
        foreach (var (at, hub) in samples)
        {
            // A restarted process starts its counts again.
            static double Since(double now, double then) => now >= then ? now - then : now;
            var (cores, compiling) = before is { } b
                ? (Since(hub.Cpu.TotalSeconds, b.Hub.Cpu.TotalSeconds) / (at - b.At), Since(hub.JitSeconds, b.Hub.JitSeconds) / (at - b.At))
                : (double.NaN, double.NaN);
            Load.Report.Line($"| {at:F0} s | {hub.WorkingSetBytes / 1048576.0:F0} | {Load.Report.F(hub.HeapBytes / 1048576.0, "F0")} | "
                + $"{Load.Report.F(cores, "F2")} | {Load.Report.F(compiling, "F2")} |");
            before = (at, hub);
        }
    }

    /// <summary>
    /// The same p50 and p99 before the kill, in the first minute after the restart and after it: a restarted hub
    /// compiles its hot code again under full load, which the steady state does not show.
    /// </summary>
    private static void ReportPhases(List<(string Kind, double At, double Ms, bool Ok)> steady, double restartedAt)
    {
        (string Name, Func<double, bool> Holds)[] phases =
        [
            ("before the kill", at => at < restartedAt),
            ("first 60 s after the restart", at => at >= restartedAt && at < restartedAt + 60),
            ("later", at => at >= restartedAt + 60),
        ];
        Load.Report.Line("");
        Load.Report.Line("| S5 p50 / p99 ms | " + string.Join(" | ", phases.Select(p => p.Name)) + " |");
        Load.Report.Line("|---|" + string.Concat(phases.Select(_ => "---:|")));
        foreach (var kind in steady.Select(r => r.Kind).Distinct().Order())
        {
            var cells = phases.Select(phase => P50AndP99(steady.Where(r => r.Kind == kind && phase.Holds(r.At))));
            Load.Report.Line($"| {kind} | {string.Join(" | ", cells)} |");
        }
    }

    /// <summary>
    /// The p50 and p99 of each kind in spans of <paramref name="seconds"/> (by minute: whether the hub slows as its
    /// database grows through the run, which the phases above average away).
    /// </summary>
    private void ReportSpans(List<(string Kind, double At, double Ms, bool Ok)> steady, string title, int seconds)
    {
        var kinds = steady.Select(r => r.Kind).Distinct().Order().ToList();
        Load.Report.Line("");
        Load.Report.Line($"| S5 p50 / p99 ms, {title} | " + string.Join(" | ", kinds) + " |");
        Load.Report.Line("|---|" + string.Concat(kinds.Select(_ => "---:|")));
        foreach (var span in steady.GroupBy(r => (int)(r.At / seconds)).OrderBy(s => s.Key))
        {
            var cells = kinds.Select(kind => P50AndP99(span.Where(r => r.Kind == kind)));
            var restarted = Outage is { } o && (int)(o.To / seconds) == span.Key ? " (restart)" : "";
            Load.Report.Line($"| {span.Key * seconds}-{span.Key * seconds + seconds} s{restarted} | {string.Join(" | ", cells)} |");
        }
    }

    /// <summary>"p50 / p99" of the requests' times (empty when there were none).</summary>
    private static string P50AndP99(IEnumerable<(string Kind, double At, double Ms, bool Ok)> requests)
    {
        var ms = requests.Select(r => r.Ms).Order().ToArray();
        return ms.Length == 0 ? "" : $"{Load.Report.F(TimedLoop.Percentile(ms, 0.50))} / {Load.Report.F(TimedLoop.Percentile(ms, 0.99))}";
    }

    /// <summary>Whether a request overlapped the outage (sent while the hub was down, or in flight when it was killed).</summary>
    private bool InOutage(double at, double ms) => Outage is { } o && at <= o.To && at + ms / 1000 >= o.From;
}
