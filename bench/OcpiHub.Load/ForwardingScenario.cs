using System.Diagnostics;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// S1: real-time requests forwarded by the hub (SQLite, or PostgreSQL with <c>--database postgresql</c>) to a simulated 2.2.1 receiver, against the same client sending
/// the request the hub forwarded to the receiver directly and through YARP, in the same run: latency at c=1 and
/// throughput at c=32 (or as given). Then a second receiver hangs: every request for it must get the hub's 4002
/// within the budget while unrelated forwarded traffic goes on.
/// </summary>
public static class ForwardingScenario
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(200);
    private const int HangingClients = 16;
    private const int UnrelatedClients = 4;

    public static async Task RunAsync(LoadSettings settings)
    {
        await using var database = await ScratchDatabase.CreateAsync(settings.Database == "postgresql");
        await using var hub = await LoopbackHub.StartAsync(database);
        Report.Line($"S1 on {(database.ConnectionString is null ? "SQLite" : "PostgreSQL")}");
        using var http = OcpiRequests.NewClient();
        await using var network = await ForwardingNetwork.StartAsync(hub, http);
        foreach (var call in network.Calls())
        {
            await MeasureForwardingAsync(settings, http, call);
            await MeasureHangingReceiverAsync(settings, http, call);
        }
    }

    private static async Task MeasureForwardingAsync(LoadSettings settings, HttpClient http, ForwardedCall call)
    {
        // Warm-up through the hub, which also gives the request the baselines replay.
        await TimedLoop.RunAsync(4, settings.Warmup, settings.MaxRequests, _ => SucceedsAsync(http, call.ThroughHub(false)));
        var replay = call.Replay();
        await using var proxy = await YarpProxy.StartAsync(call.Receiver.BaseUrl);
        var direct = call.Receiver.BaseUrl;
        await TimedLoop.RunAsync(4, settings.Warmup, settings.MaxRequests, _ => SucceedsAsync(http, replay(direct)));
        await TimedLoop.RunAsync(4, settings.Warmup, settings.MaxRequests, _ => SucceedsAsync(http, replay(proxy.BaseUrl)));

        var rows = new List<(int C, LoadFigures Direct, LoadFigures Yarp, LoadFigures Hub)>();
        foreach (var c in settings.Concurrencies)
        {
            var d = await TimedLoop.RunAsync(c, settings.Duration, settings.MaxRequests, _ => SucceedsAsync(http, replay(direct)));
            var y = await TimedLoop.RunAsync(c, settings.Duration, settings.MaxRequests, _ => SucceedsAsync(http, replay(proxy.BaseUrl)));
            var h = await TimedLoop.RunAsync(c, settings.Duration, settings.MaxRequests, _ => SucceedsAsync(http, call.ThroughHub(false)));
            rows.Add((c, d, y, h));
        }

        Report.Line("");
        Report.Line($"| S1 {call.Name} | c | direct req/s | p50 ms | p99 ms | YARP req/s | p50 ms | p99 ms | hub req/s | p50 ms | p99 ms | hub p50 - direct p50 ms | hub / YARP req/s | failures |");
        Report.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (c, d, y, h) in rows)
        {
            Report.Line($"| {call.Name} | {c} | {Row(d)} | {Row(y)} | {Row(h)} | {Report.F(h.P50Ms - d.P50Ms, "F2")} | "
                + $"{Report.F(h.RequestsPerSecond / y.RequestsPerSecond, "F2")} | {d.Failures + y.Failures + h.Failures} |");
        }
    }

    /// <summary>
    /// Clients asking the hanging receiver for twice the budget and more, and meanwhile a few clients of the fast
    /// receiver, whose figures are compared with the same clients alone just before.
    /// </summary>
    private static async Task MeasureHangingReceiverAsync(LoadSettings settings, HttpClient http, ForwardedCall call)
    {
        var alone = await TimedLoop.RunAsync(UnrelatedClients, settings.Duration, settings.MaxRequests, _ => SucceedsAsync(http, call.ThroughHub(false)));

        var answered = new List<double>();
        var hangFor = call.Budget * 2 + TimeSpan.FromSeconds(1);
        async Task<bool> HangingAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var status = await ForwardedCall.StatusOfAsync(http, call.ThroughHub(true));
            var took = Stopwatch.GetElapsedTime(started);
            lock (answered)
                answered.Add(took.TotalMilliseconds);
            return status == OcpiStatusCodes.ForwardTimeout && took <= call.Budget + Margin;
        }
        var hanging = TimedLoop.RunAsync(HangingClients, hangFor, settings.MaxRequests, _ => HangingAsync());
        var unrelated = TimedLoop.RunAsync(UnrelatedClients, hangFor, settings.MaxRequests, _ => SucceedsAsync(http, call.ThroughHub(false)));
        var (hung, meanwhile) = (await hanging, await unrelated);

        Report.Line("");
        Report.Line($"| S1 {call.Name}, receiver hanging (budget {call.Budget.TotalSeconds} s) | clients | requests | answered 4002 within budget + {Margin.TotalMilliseconds} ms | p50 ms | p99 ms | max ms |");
        Report.Line("|---|---:|---:|---:|---:|---:|---:|");
        Report.Line($"| to the hanging receiver | {HangingClients} | {hung.Requests} | {hung.Requests - hung.Failures} | {Report.F(hung.P50Ms)} | {Report.F(hung.P99Ms)} | {Report.F(answered.Max())} |");
        Report.Line("");
        Report.Line($"| S1 {call.Name}, unrelated traffic (fast receiver) | clients | req/s | p50 ms | p99 ms | failures |");
        Report.Line("|---|---:|---:|---:|---:|---:|");
        Report.Line($"| alone, just before | {UnrelatedClients} | {Report.F(alone.RequestsPerSecond, "F0")} | {Report.F(alone.P50Ms, "F2")} | {Report.F(alone.P99Ms, "F2")} | {alone.Failures} |");
        Report.Line($"| while the other receiver hangs | {UnrelatedClients} | {Report.F(meanwhile.RequestsPerSecond, "F0")} | {Report.F(meanwhile.P50Ms, "F2")} | {Report.F(meanwhile.P99Ms, "F2")} | {meanwhile.Failures} |");
    }

    private static string Row(LoadFigures f) => $"{Report.F(f.RequestsPerSecond, "F0")} | {Report.F(f.P50Ms, "F2")} | {Report.F(f.P99Ms, "F2")}";

    private static async Task<bool> SucceedsAsync(HttpClient http, HttpRequestMessage request) =>
        await ForwardedCall.StatusOfAsync(http, request) == OcpiStatusCodes.Success;
}
