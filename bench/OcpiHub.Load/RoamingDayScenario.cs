using System.Diagnostics;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// S5, a roaming day: the hub in a process of its own between the 20 CPOs and 20 eMSPs of <see cref="RoamingNetwork"/>.
/// Sessions arrive at a fixed rate (<c>--rate</c> per second, for <c>--seconds</c>); each is a real-time authorization
/// through the hub, then the CPO's pushes of <see cref="SimulatedPartner.ChargeAsync"/> (EVSE CHARGING, Session PUT, three
/// Session PATCHes, EVSE AVAILABLE, the CDR), <see cref="Step"/> apart, on an EVSE not charging already. Meanwhile one eMSP
/// walks the Location pages over and over, one page after the other or <c>--pages</c> a second. Halfway the hub is killed
/// with SIGKILL and started again; at the end the receivers must hold every change the hub acknowledged
/// (<see cref="DeliveryLedger"/>).
/// </summary>
public static class RoamingDayScenario
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainBudget = TimeSpan.FromMinutes(10);

    public static async Task RunAsync(LoadSettings settings)
    {
        await using var database = await ScratchDatabase.CreateAsync(settings.Database == "postgresql");
        await using var hub = await HubProcess.StartAsync(database, settings.HubFolder);
        var ledger = new DeliveryLedger();
        var setup = Stopwatch.StartNew();
        await using var network = await RoamingNetwork.StartAsync(hub, ledger);
        await DrainAsync(ledger, "the Locations of the set-up");
        Report.Line($"S5 on {settings.Database}: {RoamingNetwork.PartnersPerRole} CPOs and {RoamingNetwork.PartnersPerRole} eMSPs connected, agreed and holding "
            + $"{RoamingNetwork.PartnersPerRole * RoamingNetwork.LocationsPerCpo} Locations after {setup.Elapsed.TotalSeconds:F0} s; "
            + $"the hub is process {hub.ProcessId} run from {settings.HubFolder ?? "the load generator's folder"}, its log {hub.LogFile}; "
            + (settings.PageRate > 0 ? $"the walking eMSP reads {settings.PageRate:0.#} pages a second" : "the walking eMSP reads one page after the other"));

        var figures = new DayFigures();
        using var stop = new CancellationTokenSource();
        var background = Task.WhenAll(WalkPagesAsync(hub, network.Emsps[1], settings.PageRate, figures, stop.Token), SampleAsync(hub, figures, stop.Token));
        var deliveredBefore = ledger.Requests;
        var sessions = new List<Task>();
        Task? outage = null;
        for (var n = 0; figures.Elapsed < settings.Duration; n++)
        {
            await figures.UntilAsync(TimeSpan.FromSeconds(n / settings.Rate));
            if (outage is null && figures.Elapsed >= settings.Duration / 2)
                outage = KillAndRestartAsync(hub, figures);
            sessions.Add(SessionAsync(network, n, figures, ledger));
        }
        await Task.WhenAll(sessions);
        var seconds = figures.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await background;
        if (outage is not null)
            await outage;
        var deliveries = ledger.Requests - deliveredBefore;
        figures.Report(settings.Database, settings.Rate, seconds, deliveries);

        var drained = await DrainAsync(ledger, "the day's changes");
        Report.Line("");
        Report.Line($"S5: after the kill -9 at {figures.Outage?.From:F0} s and the restart ({figures.Outage?.To - figures.Outage?.From:F1} s without a hub), "
            + $"{ledger.Owed - ledger.Missing} of {ledger.Owed} acknowledged objects held by their receivers, {drained.TotalSeconds:F0} s after the last session");
    }

    /// <summary>One charging session: authorization, then the charge's pushes, on a free EVSE of the <paramref name="n"/>th CPO.</summary>
    private static async Task SessionAsync(RoamingNetwork network, int n, DayFigures figures, DeliveryLedger ledger)
    {
        await Task.Yield();
        var cpo = network.Cpos[n % network.Cpos.Count];
        // Every CPO meets every eMSP over the day.
        var emsp = network.Emsps[(n + n / network.Cpos.Count) % network.Emsps.Count];
        if (!cpo.FreeEvses.TryDequeue(out var evse))
        {
            figures.NoFreeEvse();
            return;
        }
        var began = figures.Elapsed;
        var completed = false;
        try
        {
            var token = SampleData.Token(cpo.Version, emsp.Party, n % RoamingNetwork.TokensPerEmsp + 1, DateTimeOffset.UtcNow);
            var started = figures.Elapsed;
            var authorization = await cpo.Partner.AuthorizeAsync((string)token["uid"]!);
            var allowed = authorization.Accepted && (string?)authorization.Envelope?["data"]?["allowed"] == "ALLOWED";
            figures.Request("authorize", started, authorization.Elapsed, allowed ? null : Refusal(authorization));
            if (!allowed)
                return;
            started = figures.Elapsed;
            var run = await cpo.Partner.ChargeAsync(token, evse.Location, evse.Evse, Step);
            foreach (var push in run.Answers)
            {
                figures.Request("push", started, push.Elapsed, push.Accepted ? null : Refusal(push));
                started += push.Elapsed + Step;
                if (push.Accepted)
                    ledger.Acknowledged(push, push.Url.Contains("/locations/", StringComparison.Ordinal) ? network.AllEmsps : [emsp.Key]);
            }
            completed = run.AllAccepted;
        }
        finally
        {
            figures.SessionEnded(began, completed);
            cpo.FreeEvses.Enqueue(evse);
        }
    }

    private static string Refusal(PostedResult answer) => answer.HttpStatus == 0
        ? (string?)answer.Envelope?["error"] ?? "no answer"
        : $"HTTP {answer.HttpStatus}, {answer.Envelope?["status_code"]} {answer.Envelope?["status_message"]}";

    private static async Task KillAndRestartAsync(HubProcess hub, DayFigures figures)
    {
        var killed = figures.Elapsed;
        hub.Kill();
        await hub.LaunchAsync();
        figures.Outage = (killed.TotalSeconds, figures.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// An eMSP reads every Location page by page (following <c>Link</c>), then starts over: the next page as soon as it
    /// has one, or at <paramref name="pageRate"/> a second (a page due while one is read waits for it, never skipped).
    /// </summary>
    private static async Task WalkPagesAsync(HubAdmin hub, RoamingNetwork.Emsp emsp, double pageRate, DayFigures figures, CancellationToken stop)
    {
        using var http = OcpiRequests.NewClient();
        var first = $"{hub.BaseUrl}/ocpi/{emsp.Version.ToWire()}/sender/locations?limit=100";
        var url = first;
        var walkStarted = figures.Elapsed;
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            if (pageRate > 0)
                await figures.UntilAsync(walkStarted + TimeSpan.FromSeconds(n / pageRate));
            var started = figures.Elapsed;
            try
            {
                var (ok, response) = await OcpiRequests.SendStreamingAsync(http, OcpiRequests.Create(HttpMethod.Get, url, emsp.Partner.TokenToCallHub!));
                using (response)
                {
                    figures.Request(DayFigures.PageKind, started, figures.Elapsed - started, ok ? null : $"HTTP {(int)response.StatusCode}");
                    url = ok ? PageWalk.NextUrl(response) ?? first : first;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
            {
                figures.Request(DayFigures.PageKind, started, figures.Elapsed - started, e.Message);
                url = first;
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private static async Task SampleAsync(HubProcess hub, DayFigures figures, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // A process just started may not have its figures yet.
                if (await hub.SampleAsync() is { WorkingSetBytes: > 0 } sample)
                    figures.Sample(sample);
            }
            catch (InvalidOperationException)
            {
                // Killed and not yet started again.
            }
            await Task.Delay(SampleEvery, CancellationToken.None);
        }
    }

    /// <summary>Until every receiver holds what it is owed; how long that took (it gives up after <see cref="DrainBudget"/>).</summary>
    private static async Task<TimeSpan> DrainAsync(DeliveryLedger ledger, string what)
    {
        var waited = Stopwatch.StartNew();
        while (ledger.Missing > 0 && waited.Elapsed < DrainBudget)
            await Task.Delay(1000);
        if (ledger.Missing > 0)
            Report.Line($"S5: {ledger.Missing} of {ledger.Owed} objects of {what} not held by their receivers after {DrainBudget.TotalMinutes:F0} minutes");
        return waited.Elapsed;
    }
}
