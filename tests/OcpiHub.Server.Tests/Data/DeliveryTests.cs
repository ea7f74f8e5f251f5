using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Operations;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Nothing acknowledged is lost: a receiver that is down gets every update, in order, once it is back; a push
/// acknowledged just before the hub is killed is delivered after restart (how soon a delivery goes: <see cref="DeliveryPaceTests"/>).
/// </summary>
public class DeliveryTests
{
    internal static IReadOnlyList<RecordedRequest> Pushes(SimulatedPartner partner) =>
        partner.CheckedRequests().Where(r => r.Method is "PUT" or "PATCH" && r.Path.Contains("/locations/", StringComparison.Ordinal)).ToList();

    /// <summary>A 2.2.1 CPO (NL*CPA) and 2.2.1 eMSPs (DE*<paramref name="emspIds"/>) connected, each eMSP agreed with the CPO.</summary>
    internal static Task<(SimulatedPartner Cpo, SimulatedPartner[] Emsps)> ConnectAsync(IHub hub, params string[] emspIds) =>
        ConnectAsync(hub, hub, emspIds);

    /// <summary>
    /// As <see cref="ConnectAsync(IHub, string[])"/>, the CPO through <paramref name="cpoNode"/> and the eMSPs (and their
    /// agreements) through <paramref name="emspNode"/>: two nodes of one hub behind one address, each partner on either.
    /// </summary>
    internal static async Task<(SimulatedPartner Cpo, SimulatedPartner[] Emsps)> ConnectAsync(IHub cpoNode, IHub emspNode, params string[] emspIds)
    {
        var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await Partners.ConnectAsync(cpoNode, cpo, Initiator.Partner);
        var emsps = new List<SimulatedPartner>();
        foreach (var id in emspIds)
        {
            var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", id, "DE"));
            await Partners.ConnectAsync(emspNode, emsp, Initiator.Partner);
            await emspNode.AgreeAsync("NL*CPA", $"DE*{id}");
            emsps.Add(emsp);
        }
        return (cpo, [.. emsps]);
    }

    internal static async Task PushAsync(IHub hub, SimulatedPartner cpo, HttpMethod method, string path, string body)
    {
        using var response = await cpo.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_receiver_that_is_down_gets_every_update_in_order_once_back(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.1");
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        var down = true;
        emsp.ModuleResponder = _ => down ? new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down") : null;

        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await PushAsync(hub, cpo, HttpMethod.Patch, "NL/CPA/L1/L1-E1", """{"status":"CHARGING","last_updated":"2026-11-01T11:00:00Z"}""");
        await PushAsync(hub, cpo, HttpMethod.Patch, "NL/CPA/L1/L1-E1", """{"status":"BLOCKED","last_updated":"2026-11-01T12:00:00Z"}""");
        await Eventually.UntilAsync(() => Pushes(emsp), p => p.Count >= 3, "attempts while the receiver is down");
        var failed = await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=failed");
        Assert.NotEmpty(failed.AsArray());

        down = false;
        var received = await Eventually.UntilAsync(() => Pushes(emsp),
            p => p.Count > 0 && State(p[^1]) == ("BLOCKED", "2026-11-01T12:00:00Z"), "the latest state at the receiver");

        // Retries repeat a change and a backlog collapses to the latest state, but nothing ever goes back in time.
        var states = received.Select(State).ToList();
        Assert.Equal(states.OrderBy(s => s.Updated, StringComparer.Ordinal).ToList(), states);
        await hub.QueueEmptyAsync("an empty queue");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_push_acknowledged_before_the_hub_is_killed_is_delivered_after_restart(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await hub.StartAsync("--Hub:DeliveryBackoffSeconds=0.2");
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        var down = true;
        emsp.ModuleResponder = _ => down ? new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down") : null;

        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await Eventually.UntilAsync(() => Pushes(emsp).Count, n => n >= 1, "a first, failed attempt");
        // A second push, killed right after its acknowledgement: its log entry was written with its data.
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L2")
        {
            Content = new StringContent(LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L2"), System.Text.Encoding.UTF8, "application/json"),
        })
        {
            request.Headers.Add("X-Correlation-ID", "corr-before-kill");
            using var acknowledged = await cpo.SendToHubAsync(request);
            Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        }
        hub.Kill();
        down = false;
        var attemptsBeforeRestart = Pushes(emsp).Count;

        await hub.StartAsync("--Hub:DeliveryBackoffSeconds=0.2");

        var delivered = await Eventually.UntilAsync(() => Pushes(emsp).Skip(attemptsBeforeRestart).ToList(),
            p => p.Select(r => r.Path).Distinct().Count() == 2, "both deliveries after restart", 30_000);
        Assert.Equal(["/ocpi/2.2.1/locations/NL/CPA/L1", "/ocpi/2.2.1/locations/NL/CPA/L2"], delivered.Select(r => r.Path).Distinct().Order());
        Assert.Equal("L2", JsonNode.Parse(delivered.Last(r => r.Path.EndsWith("/L2", StringComparison.Ordinal)).Body)!["id"]!.GetValue<string>());
        var logged = await hub.AdminAsync(HttpMethod.Get, "admin/messages?correlation_id=corr-before-kill");
        Assert.Contains(logged.AsArray(), e => e!["direction"]!.GetValue<string>() == "IN" && e["method"]!.GetValue<string>() == "PUT"
            && e["http_status"]!.GetValue<int>() == 201);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Concurrent_changes_to_one_location_are_all_kept(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        var evses = Enumerable.Range(1, 12).Select(i => LocationJson.Evse(OcpiVersion.V221, $"E{i}")).ToList();
        var location = LocationJson.WithEvses(LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"), evses);
        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", location);

        await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            PushAsync(hub, cpo, HttpMethod.Patch, $"NL/CPA/L1/E{i}", $$"""{"status":"CHARGING","last_updated":"2026-11-01T11:00:{{i:D2}}Z"}""")));

        using var response = await cpo.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1");
        var stored = (await Partners.EnvelopeAsync(response))["data"]!;
        Assert.All(stored["evses"]!.AsArray(), e => Assert.Equal("CHARGING", e!["status"]!.GetValue<string>()));
        Assert.Equal("2026-11-01T11:00:12Z", stored["last_updated"]!.GetValue<string>());
    }

    private static readonly string[] Updates = [.. Enumerable.Range(0, 20).Select(i => $"2026-11-01T11:00:{i:D2}Z")];

    /// <summary>
    /// A receiver slower than one EVSE's changes gets the backlog as a run, in order; a change it refuses in the middle
    /// is retried before any change after it goes, and the rest follow once.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_change_refused_in_the_middle_of_a_backlog_is_retried_before_any_change_after_it(StorageKind storage)
    {
        var received = await BacklogWithTheSixthRefusedOnceAsync(storage, new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "busy"));

        Assert.Equal([.. Updates[..6], .. Updates[5..]], received.Select(r => r.Method == "PATCH" ? State(r).Updated : "PUT"));
    }

    /// <summary>
    /// A PATCH the receiver refuses as a client error in the middle of a backlog is sent again as the Location's full
    /// state, which stands for the changes queued after it: none of them follows it.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_change_refused_in_the_middle_of_a_backlog_as_not_understood_is_followed_by_the_full_state_alone(StorageKind storage)
    {
        var received = await BacklogWithTheSixthRefusedOnceAsync(storage, new SimulatedResponse(OcpiStatus: 2001, Message: "not understood"));

        Assert.Equal([.. Updates[..6], "PUT"], received.Select(r => r.Method == "PATCH" ? State(r).Updated : "PUT"));
        Assert.Equal(Updates[^1], State(received[^1]).Updated);
    }

    /// <summary>
    /// A receiver behind on an object (here at once: <c>Hub:DeliveryCollapseAfterSeconds</c> 0) gets its latest full
    /// state instead of each change it missed; one that is not gets every change (the backlog tests above, at the
    /// default).
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_receiver_behind_on_an_object_gets_its_latest_full_state_instead_of_each_change_it_missed(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryCollapseAfterSeconds=0");
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await hub.QueueEmptyAsync("the Location delivered");

        // The first change is taken (alone, or with the few queued by then) and held at the receiver while the rest queue.
        await PushWhileHeldAsync(hub, cpo, emsp, Updates[..10]);

        var received = Pushes(emsp).Skip(1).ToList();
        Assert.InRange(received.Count, 1, 2);
        Assert.Equal(("AVAILABLE", Updates[9]), State(received[^1]));
        Assert.Equal(("PUT", "/ocpi/2.2.1/locations/NL/CPA/L1"), (received[^1].Method, received[^1].Path));
        Assert.True(received.Count == 1 || string.CompareOrdinal(State(received[0]).Updated, Updates[9]) < 0, "nothing goes back in time");
        // The changes it stood for are gone from the outbox, not recorded as delivered: the Location and what was sent are.
        var done = await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=done");
        Assert.Equal(1 + received.Count, done.AsArray().Count(d => d!["module"]!.GetValue<string>() == "locations"));
        // And counted, for an operator to see how far behind receivers are.
        Assert.Equal(Updates[..10].Length - received.Count, await Scrape.SumAsync(hub.BaseUrl, "ocpihub_deliveries_collapsed_total", ("module", "locations")));
    }

    /// <summary>
    /// The Location delivered, then <see cref="Updates"/> of its EVSE pushed while the receiver holds its answers, the
    /// sixth answered <paramref name="refusal"/> once: what the receiver got after the Location, once the queue is empty.
    /// </summary>
    private static async Task<IReadOnlyList<RecordedRequest>> BacklogWithTheSixthRefusedOnceAsync(StorageKind storage, SimulatedResponse refusal)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.1");
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await hub.QueueEmptyAsync("the Location delivered");
        var refused = false;
        emsp.ModuleResponder = request =>
        {
            if (refused || !request.Body.Contains(Updates[5], StringComparison.Ordinal))
                return null;
            refused = true;
            return refusal;
        };

        // None is refused before all are queued, so none is collapsed into the Location's full state as a failing
        // receiver's changes would be.
        await PushWhileHeldAsync(hub, cpo, emsp, Updates);

        Assert.True(refused);
        return [.. Pushes(emsp).Skip(1)];
    }

    /// <summary>
    /// Pushes a change of L1's EVSE dated each of <paramref name="updates"/> (its status alternating) while
    /// <paramref name="emsp"/> holds its answers, then lets them go and waits for an empty queue.
    /// </summary>
    private static async Task PushWhileHeldAsync(IHub hub, SimulatedPartner cpo, SimulatedPartner emsp, IReadOnlyList<string> updates)
    {
        var held = new TaskCompletionSource();
        emsp.ModulesHeldUntil = held.Task;
        foreach (var (updated, i) in updates.Select((u, i) => (u, i)))
            await PushAsync(hub, cpo, HttpMethod.Patch, "NL/CPA/L1/L1-E1", $$"""{"status":"{{(i % 2 == 0 ? "CHARGING" : "AVAILABLE")}}","last_updated":"{{updated}}"}""");
        emsp.ModulesHeldUntil = null;
        held.SetResult();
        await hub.QueueEmptyAsync("an empty queue");
    }

    private static (string Status, string Updated) State(RecordedRequest request)
    {
        var body = JsonNode.Parse(request.Body)!;
        var evse = request.Method == "PUT" ? body["evses"]![0]! : body;
        return (evse["status"]!.GetValue<string>(), evse["last_updated"]!.GetValue<string>());
    }
}
