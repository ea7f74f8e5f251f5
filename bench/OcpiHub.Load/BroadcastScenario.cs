using System.Diagnostics;
using System.Text;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// S4: a 2.2.1 CPO PATCHes one EVSE status; the hub delivers it to N eMSPs (simulators on loopback, each with an
/// agreement). The baseline, round by round in the same run, is a plain HttpClient sending the same PATCH to
/// the same N receivers all at once (the hub runs one lane per receiver). Then one more receiver that answers
/// only after 5 s joins, and the rounds show how much it delays the others.
/// </summary>
public static class BroadcastScenario
{
    private static readonly TimeSpan PhaseBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BurstTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan HangFor = TimeSpan.FromSeconds(5);
    private const int HangRounds = 8;
    private const int Burst = 500;

    public static async Task RunAsync(LoadSettings settings)
    {
        var cpoParty = new SimulatedParty("NL", "CPO", "CPO", "Load CPO");
        await using var database = await ScratchDatabase.CreateAsync(settings.Database == "postgresql");
        await using var hub = await LoopbackHub.StartAsync(database);
        Report.Line($"S4 on {settings.Database}");
        await using var cpo = await hub.StartPartnerAsync(OcpiVersion.V221, cpoParty);
        using var http = OcpiRequests.NewClient();
        var tracker = new ArrivalTracker();
        var emsps = new List<SimulatedPartner>();
        var pushes = new Pushes(hub, cpo, tracker);
        try
        {
            var rows = new List<(BroadcastFigures Hub, BroadcastFigures Baseline)>();
            var bursts = "";
            foreach (var n in settings.Emsps)
            {
                var setup = Stopwatch.StartNew();
                while (emsps.Count < n)
                    emsps.Add(await StartEmspAsync(hub, cpoParty, emsps.Count, tracker));
                await pushes.PutLocationAsync(emsps.Count);
                await WaitForOutboxAsync(hub, except: null);
                Report.Line($"S4: {n} eMSPs connected and holding the Location after {setup.Elapsed.TotalSeconds:F1} s");
                rows.Add(await MeasureAsync(settings, pushes, http, emsps));
                if (rows.Count == 1)
                    bursts = await MeasureBurstAsync(pushes, http, emsps);
            }
            Report.Line("");
            Report.Line("| S4 N | hub fan-out p50 ms | p99 ms | hub deliveries/s | baseline fan-out p50 ms | p99 ms | baseline deliveries/s | ratio | ack p50 ms | ack p99 ms | rounds |");
            Report.Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (h, b) in rows)
            {
                Report.Line($"| {h.Receivers} | {Report.F(h.FanOutP50)} | {Report.F(h.FanOutP99)} | {Report.F(h.DeliveriesPerSecond, "F0")} | {Report.F(b.FanOutP50)} | "
                    + $"{Report.F(b.FanOutP99)} | {Report.F(b.DeliveriesPerSecond, "F0")} | {Report.F(h.DeliveriesPerSecond / b.DeliveriesPerSecond, "F2")} | "
                    + $"{Report.F(h.AckP50)} | {Report.F(h.AckP99)} | {h.Rounds.Count} |");
            }
            Report.Line("");
            Report.Line(bursts);
            await MeasureHangingReceiverAsync(hub, cpoParty, pushes, emsps, tracker, rows[^1].Hub);
        }
        finally
        {
            foreach (var emsp in emsps)
                await emsp.DisposeAsync();
        }
    }

    private static async Task<(BroadcastFigures Hub, BroadcastFigures Baseline)> MeasureAsync(LoadSettings settings, Pushes pushes, HttpClient http,
        IReadOnlyList<SimulatedPartner> emsps)
    {
        var hubRounds = new List<BroadcastRound>();
        var baselineRounds = new List<BroadcastRound>();
        var phase = Stopwatch.StartNew();
        // One round unmeasured each way: connections opened, code jitted.
        for (var round = -1; round < settings.Pushes && phase.Elapsed < PhaseBudget; round++)
        {
            var throughHub = await pushes.PatchStatusAsync(emsps.Count);
            await WaitForOutboxAsync(pushes.Hub, except: null);
            var direct = await FanOutDirectAsync(http, emsps, pushes.Tracker, pushes.LastDelivered(emsps[0]));
            if (round < 0)
                continue;
            hubRounds.Add(throughHub);
            baselineRounds.Add(direct);
        }
        return (new(emsps.Count, hubRounds), new(emsps.Count, baselineRounds));
    }

    /// <summary>
    /// A burst: the CPO pushes <see cref="Burst"/> changes of the EVSE back to back, faster than a round trip to every
    /// receiver, so each receiver's lane finds a backlog of one object. The hub's time runs from the first push to the
    /// last change at the last receiver; the baseline is a plain HttpClient sending each receiver the last change
    /// <see cref="Burst"/> times in order, the receivers at once.
    /// </summary>
    private static async Task<string> MeasureBurstAsync(Pushes pushes, HttpClient http, IReadOnlyList<SimulatedPartner> emsps)
    {
        var started = Stopwatch.GetTimestamp();
        Task<long> lastArrived = Task.FromResult(0L);
        for (var i = 0; i < Burst; i++)
            lastArrived = await pushes.PatchStatusUnawaitedAsync(emsps.Count);
        var acked = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var hub = Stopwatch.GetElapsedTime(started, await lastArrived).TotalSeconds;

        var delivered = pushes.LastDelivered(emsps[0]);
        var direct = Stopwatch.StartNew();
        await Task.WhenAll(emsps.Select(async emsp =>
        {
            for (var i = 0; i < Burst; i++)
            {
                if (!await SendDirectAsync(http, emsp, delivered, $"burst-{i}"))
                    throw new InvalidOperationException("a receiver refused the baseline PATCH");
            }
        }));
        var baseline = direct.Elapsed.TotalSeconds;
        var deliveries = Burst * emsps.Count;
        return $"S4 burst: {Burst} changes of one EVSE pushed back to back to {emsps.Count} eMSPs, acknowledged in {acked:F2} s ({Burst / acked:F0}/s); "
            + $"every change at every eMSP after {hub:F2} s ({deliveries / hub:F0} deliveries/s), {hub - acked:F2} s after the last acknowledgement; "
            + "baseline, each eMSP sent them in order: "
            + $"{baseline:F2} s ({deliveries / baseline:F0} deliveries/s); ratio {baseline / hub:F2}";
    }

    /// <summary>The baseline: the PATCH the hub delivered, sent by one HttpClient to every receiver at once, with each receiver's token.</summary>
    private static async Task<BroadcastRound> FanOutDirectAsync(HttpClient http, IReadOnlyList<SimulatedPartner> emsps, ArrivalTracker tracker, RecordedRequest delivered)
    {
        var correlation = "direct-" + Guid.NewGuid().ToString("N");
        var round = tracker.Expect(correlation, emsps.Count);
        var started = Stopwatch.GetTimestamp();
        var sent = await Task.WhenAll(emsps.Select(emsp => SendDirectAsync(http, emsp, delivered, correlation)));
        var done = await round.CompleteAsync(RoundTimeout);
        if (sent.Any(ok => !ok))
            throw new InvalidOperationException("a receiver refused the baseline PATCH");
        return new(emsps.Count, Stopwatch.GetElapsedTime(started, done).TotalMilliseconds, 0);
    }

    /// <summary>The PATCH the hub delivered, sent by the baseline's client straight to <paramref name="emsp"/> with its token; whether it was accepted.</summary>
    private static async Task<bool> SendDirectAsync(HttpClient http, SimulatedPartner emsp, RecordedRequest delivered, string correlation)
    {
        var request = OcpiRequests.Create(HttpMethod.Patch, emsp.BaseUrl + delivered.Path, emsp.TokenToCallPartner!, correlation, ("DE", "HUB"),
            (emsp.Options.Parties[0].CountryCode, emsp.Options.Parties[0].PartyId));
        request.Content = new StringContent(delivered.Body, Encoding.UTF8, "application/json");
        var (ok, response) = await OcpiRequests.SendAsync(http, request);
        response.Dispose();
        return ok;
    }

    private static async Task MeasureHangingReceiverAsync(LoopbackHub hub, SimulatedParty cpoParty, Pushes pushes, List<SimulatedPartner> emsps,
        ArrivalTracker tracker, BroadcastFigures without)
    {
        await using var hanging = await hub.StartPartnerAsync(OcpiVersion.V221, new SimulatedParty("DE", "HNG", "EMSP", "Hanging eMSP"));
        await hub.AgreeAsync(cpoParty, hanging.Options.Parties[0]);
        hanging.ModuleResponseDelay = HangFor;
        var hangingKey = new PartyKey("DE", "HNG");

        var rounds = new List<BroadcastRound>();
        for (var round = 0; round < HangRounds; round++)
        {
            // The hub owes the hanging receiver every change, but the round is whole when the others have it.
            rounds.Add(await pushes.PatchStatusAsync(emsps.Count));
            await WaitForOutboxAsync(hub, except: hangingKey);
        }
        var with = new BroadcastFigures(emsps.Count, rounds);
        var drain = Stopwatch.StartNew();
        // It joined after the Location was put, so it is owed exactly the PATCHes of these rounds.
        var owed = HangRounds;
        while (Changes(hanging) < owed && drain.Elapsed < HangFor * (owed + 1))
            await Task.Delay(250);
        var dead = (await hub.Service<IDataStore>().ListDeliveriesAsync(DeliveryStatus.Dead, false, 1000)).Count;

        Report.Line("");
        Report.Line($"| S4, {emsps.Count} eMSPs + 1 answering after {HangFor.TotalSeconds:F0} s | fan-out to the others p50 ms | p99 ms | ack p50 ms | ack p99 ms | rounds |");
        Report.Line("|---|---:|---:|---:|---:|---:|");
        Report.Line($"| without the hanging receiver (above) | {Report.F(without.FanOutP50)} | {Report.F(without.FanOutP99)} | {Report.F(without.AckP50)} | {Report.F(without.AckP99)} | {without.Rounds.Count} |");
        Report.Line($"| with it | {Report.F(with.FanOutP50)} | {Report.F(with.FanOutP99)} | {Report.F(with.AckP50)} | {Report.F(with.AckP99)} | {with.Rounds.Count} |");
        Report.Line($"| added delay | {Report.F(with.FanOutP50 - without.FanOutP50)} | {Report.F(with.FanOutP99 - without.FanOutP99)} | | | |");
        Report.Line("");
        Report.Line($"S4: the hanging receiver got {Changes(hanging)} of {owed} changes {drain.Elapsed.TotalSeconds:F0} s after the last round; dead deliveries: {dead}");
    }

    private static int Changes(SimulatedPartner receiver) =>
        receiver.Requests.Count(r => r.Method is "PUT" or "PATCH" && r.Path.Contains("/locations/", StringComparison.Ordinal));

    private static async Task<SimulatedPartner> StartEmspAsync(LoopbackHub hub, SimulatedParty cpo, int index, ArrivalTracker tracker)
    {
        var party = new SimulatedParty("DE", $"{index:D3}", "EMSP", $"eMSP {index}");
        var emsp = await hub.StartPartnerAsync(OcpiVersion.V221, party);
        emsp.ModuleResponder = tracker.Arrived;
        await hub.AgreeAsync(cpo, party);
        return emsp;
    }

    /// <summary>Until the hub owes nothing more (bar the receiver left out), so a round does not overlap the previous one's completions.</summary>
    private static async Task WaitForOutboxAsync(LoopbackHub hub, PartyKey? except)
    {
        var store = hub.Service<IDataStore>();
        var waited = Stopwatch.StartNew();
        while ((await store.ListDeliveriesAsync(DeliveryStatus.Pending, false, 1000)).Any(d => d.Receiver != except))
        {
            if (waited.Elapsed > RoundTimeout)
                throw new TimeoutException("the hub's outbox did not drain");
            await Task.Delay(2);
        }
    }

    /// <summary>The CPO's pushes through the hub, each with its own correlation id, timed from send to acknowledgement and to the last receiver.</summary>
    private sealed class Pushes(LoopbackHub hub, SimulatedPartner cpo, ArrivalTracker tracker)
    {
        private DateTimeOffset updated = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
        private int count;

        public LoopbackHub Hub => hub;
        public ArrivalTracker Tracker => tracker;

        public Task<BroadcastRound> PutLocationAsync(int receivers) =>
            SendAsync(HttpMethod.Put, "NL/CPO/LOC1", LoadLocation.Json("NL", "CPO", "LOC1", Next()), receivers);

        public Task<BroadcastRound> PatchStatusAsync(int receivers) => SendAsync(HttpMethod.Patch, "NL/CPO/LOC1/EVSE1", StatusChange(), receivers);

        /// <summary>As <see cref="PatchStatusAsync"/>, ending at the acknowledgement: the task it gives ends when every receiver has the change.</summary>
        public async Task<Task<long>> PatchStatusUnawaitedAsync(int receivers)
        {
            var (round, _) = await PushAsync(HttpMethod.Patch, "NL/CPO/LOC1/EVSE1", StatusChange(), receivers);
            return round.CompleteAsync(BurstTimeout);
        }

        private string StatusChange()
        {
            var at = Next();
            return $$"""{"status":"{{(count % 2 == 0 ? "CHARGING" : "AVAILABLE")}}","last_updated":"{{LoadLocation.Format(at)}}"}""";
        }

        /// <summary>The last location change a receiver got from the hub: the baseline replays its path and body.</summary>
        public RecordedRequest LastDelivered(SimulatedPartner receiver) =>
            receiver.Requests.Last(r => r.Method == "PATCH" && r.Path.Contains("/locations/", StringComparison.Ordinal));

        private async Task<BroadcastRound> SendAsync(HttpMethod method, string path, string body, int receivers)
        {
            var started = Stopwatch.GetTimestamp();
            var (round, ack) = await PushAsync(method, path, body, receivers);
            var done = await round.CompleteAsync(RoundTimeout);
            return new(receivers, Stopwatch.GetElapsedTime(started, done).TotalMilliseconds, ack);
        }

        /// <summary>Sends one push and waits for its acknowledgement: the round its receivers complete, and the acknowledgement's milliseconds.</summary>
        private async Task<(ArrivalTracker.Round Round, double AckMs)> PushAsync(HttpMethod method, string path, string body, int receivers)
        {
            var correlation = "push-" + Guid.NewGuid().ToString("N");
            var round = tracker.Expect(correlation, receivers);
            var request = new HttpRequestMessage(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/{path}")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Correlation-ID", correlation);
            request.Headers.Add("OCPI-from-country-code", "NL");
            request.Headers.Add("OCPI-from-party-id", "CPO");
            request.Headers.Add("OCPI-to-country-code", "DE");
            request.Headers.Add("OCPI-to-party-id", "HUB");
            var started = Stopwatch.GetTimestamp();
            using var response = await cpo.SendToHubAsync(request);
            var ack = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if ((int)response.StatusCode is not (200 or 201))
                throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (round, ack);
        }

        private DateTimeOffset Next()
        {
            count++;
            updated = updated.AddSeconds(1);
            return updated;
        }
    }
}
