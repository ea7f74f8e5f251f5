using System.Globalization;

namespace OcpiHub.Load;

/// <summary>Prints figures as Markdown tables, ready for docs/benchmarks.md.</summary>
public static class Report
{
    public static void Line(string text) => Console.WriteLine(text);

    public static string F(double value, string format = "F1") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// One row per comparison: both sides' req/s, latency and KB allocated a request (client and server, when the
    /// server runs in this process), and the ratio of req/s (measured / baseline).
    /// </summary>
    public static void Comparisons(string scenario, string baselineName, string measuredName, IEnumerable<(string What, LoadFigures Baseline, LoadFigures Measured)> rows)
    {
        Line("");
        Line($"| {scenario} | c | {baselineName} req/s | p50 ms | p99 ms | {measuredName} req/s | p50 ms | p99 ms | ratio req/s | KB allocated a request, {baselineName} / {measuredName} | failures |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (what, b, m) in rows)
        {
            Line($"| {what} | {m.Concurrency} | {F(b.RequestsPerSecond, "F0")} | {F(b.P50Ms, "F2")} | {F(b.P99Ms, "F2")} | "
                 + $"{F(m.RequestsPerSecond, "F0")} | {F(m.P50Ms, "F2")} | {F(m.P99Ms, "F2")} | {F(m.RequestsPerSecond / b.RequestsPerSecond, "F2")} | "
                 + $"{F(b.KilobytesAllocatedPerRequest)} / {F(m.KilobytesAllocatedPerRequest)} | {b.Failures + m.Failures} |");
        }
        Line("");
    }
}
