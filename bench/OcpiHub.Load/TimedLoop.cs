using System.Diagnostics;

namespace OcpiHub.Load;

/// <summary>
/// What a timed run measured: requests, failures, throughput, latency percentiles, and the bytes this process
/// allocated meanwhile (the client's and those of a server running in it; counted exactly, as the cheap count moves
/// only at collections): a cost per request that, unlike throughput, does not move with the machine's other work.
/// </summary>
public sealed record LoadFigures(int Concurrency, int Requests, int Failures, double Seconds, double P50Ms, double P99Ms, long AllocatedBytes)
{
    public double RequestsPerSecond => Requests / Seconds;

    /// <summary>
    /// Not a number when the runtime's count went backwards during the loop: under the server GC's dynamic heap count
    /// it sums only the heaps active at the time (dotnet/runtime#131069, fixed after the runtime this runs on).
    /// </summary>
    public double KilobytesAllocatedPerRequest => Requests == 0 || AllocatedBytes < 0 ? double.NaN : AllocatedBytes / 1024.0 / Requests;
}

/// <summary>
/// Runs <c>concurrency</c> loops that call one request after the other until the time or the count runs out,
/// and records each call's latency. A call returns false for a failure (wrong status), which is counted.
/// </summary>
public static class TimedLoop
{
    public static async Task<LoadFigures> RunAsync(int concurrency, TimeSpan duration, int maxRequests, Func<int, Task<bool>> call)
    {
        var latencies = new List<double>[concurrency];
        var failures = 0;
        var started = 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        async Task LoopAsync(int loop)
        {
            var mine = latencies[loop] = new List<double>(4096);
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxRequests)
            {
                var before = Stopwatch.GetTimestamp();
                var ok = await call(loop);
                mine.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
                if (!ok)
                    Interlocked.Increment(ref failures);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(loop))));
        var seconds = clock.Elapsed.TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new(concurrency, all.Length, failures, seconds, Percentile(all, 0.50), Percentile(all, 0.99), allocated);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
