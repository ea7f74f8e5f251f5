using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// An operator re-drives a dead delivery (<c>POST /admin/deliveries/{id}/retry</c>): it gets a whole retry window
/// from the re-drive, and an old change re-driven after newer ones were delivered sends the object's current state.
/// </summary>
public class RedriveTests
{
    // A retry window of under two seconds makes a delivery to a receiver that is down dead quickly.
    private static readonly string[] ShortWindow = ["--Hub:DeliveryRetryHours=0.0005", "--Hub:DeliveryBackoffSeconds=0.1"];

    /// <summary>A hub with a short retry window, a CPO and its agreed eMSP, whose module endpoints answer 503 until told otherwise.</summary>
    private sealed record ReceiverDown(HubUnderTest Hub, SimulatedPartner Cpo, SimulatedPartner Emsp) : IAsyncDisposable
    {
        public static async Task<ReceiverDown> StartAsync(StorageKind storage, OcpiVersion emspVersion = OcpiVersion.V221)
        {
            var hub = await HubUnderTest.StartAsync(storage, ShortWindow);
            var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
            await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
            var emsp = await Partners.StartAsync(emspVersion, Partners.Party("EMSP", "EMA", "DE"));
            await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
            await hub.AgreeAsync("NL*CPA", "DE*EMA");
            emsp.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
            return new(hub, cpo, emsp);
        }

        public async ValueTask DisposeAsync()
        {
            await Cpo.DisposeAsync();
            await Emsp.DisposeAsync();
            await Hub.DisposeAsync();
        }
    }

    private static async Task SendAsync(IHub hub, SimulatedPartner cpo, HttpMethod method, string path, string? body = null)
    {
        using var response = await cpo.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/{path}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<JsonNode> DeliveriesAsync(IHub hub, string status) => hub.AdminAsync(HttpMethod.Get, $"admin/deliveries?status={status}");

    private static async Task<JsonNode> DeadAsync(IHub hub, int count) =>
        await Eventually.UntilAsync(() => DeliveriesAsync(hub, "dead"), d => d.AsArray().Count >= count, $"{count} dead deliveries");

    private static IReadOnlyList<RecordedRequest> Received(SimulatedPartner emsp, string module) =>
        emsp.Requests.Where(r => r.Method != "GET" && r.Path.Contains($"/{module}/", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_redriven_delivery_gets_a_whole_retry_window_from_the_redrive(StorageKind storage)
    {
        await using var network = await ReceiverDown.StartAsync(storage);
        var (hub, cpo, emsp) = network;

        await SendAsync(hub, cpo, HttpMethod.Put, "locations/NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        var dead = (await DeadAsync(hub, 1))[0]!;
        var attempts = dead["attempts"]!.GetValue<int>();

        await hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{dead["id"]}/retry");

        // Its first attempt after the re-drive fails too, and it is rescheduled, not dead again: its window starts now.
        var failed = await Eventually.UntilAsync(() => DeliveriesAsync(hub, "failed"),
            d => d.AsArray().Any(x => x!["attempts"]!.GetValue<int>() > attempts), "a failed attempt after the re-drive");
        Assert.Equal("FAILED", Assert.Single(failed.AsArray())!["status"]!.GetValue<string>());
        Assert.Empty((await DeliveriesAsync(hub, "dead")).AsArray());

        emsp.ModuleResponder = null;
        await Eventually.UntilAsync(() => DeliveriesAsync(hub, "done"), d => d.AsArray().Count(x => x!["module"]!.GetValue<string>() == "locations") == 1,
            "the re-driven delivery done");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_old_change_redriven_after_newer_ones_were_delivered_sends_the_current_state(StorageKind storage)
    {
        await using var network = await ReceiverDown.StartAsync(storage);
        var (hub, cpo, emsp) = network;

        await SendAsync(hub, cpo, HttpMethod.Put, "locations/NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await SendAsync(hub, cpo, HttpMethod.Patch, "locations/NL/CPA/L1/L1-E1", """{"status":"CHARGING","last_updated":"2026-11-01T11:00:00Z"}""");
        // The receiver was failing the Location: the PATCH collapsed into one PUT of its state then (CHARGING), now dead.
        var oldChange = (await DeadAsync(hub, 1))[0]!;

        // The receiver is back; a newer state of the Location reaches it.
        emsp.ModuleResponder = null;
        await SendAsync(hub, cpo, HttpMethod.Patch, "locations/NL/CPA/L1/L1-E1", """{"status":"BLOCKED","last_updated":"2026-11-01T12:00:00Z"}""");
        await Eventually.UntilAsync(() => Received(emsp, "locations"), r => r.Any(x => x.Body.Contains("BLOCKED", StringComparison.Ordinal)), "the newer state");
        var before = Received(emsp, "locations").Count;

        await hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{oldChange["id"]}/retry");

        var redriven = (await Eventually.UntilAsync(() => Received(emsp, "locations"), r => r.Count > before, "the re-driven delivery"))[before];
        Assert.Equal(("PUT", "/ocpi/2.2.1/locations/NL/CPA/L1"), (redriven.Method, redriven.Path));
        var evse = JsonNode.Parse(redriven.Body)!["evses"]![0]!;
        Assert.Equal(("BLOCKED", "2026-11-01T12:00:00Z"), (evse["status"]!.GetValue<string>(), evse["last_updated"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_change_of_an_object_deleted_since_is_refused_as_superseded(StorageKind storage)
    {
        await using var network = await ReceiverDown.StartAsync(storage);
        var (hub, cpo, emsp) = network;

        await SendAsync(hub, cpo, HttpMethod.Put, "tariffs/NL/CPA/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "CPA", "T1"));
        var oldPut = (await DeadAsync(hub, 1))[0]!;
        emsp.ModuleResponder = null;
        await SendAsync(hub, cpo, HttpMethod.Delete, "tariffs/NL/CPA/T1");
        await Eventually.UntilAsync(() => Received(emsp, "tariffs"), r => r.Any(x => x.Method == "DELETE"), "the DELETE");

        var refused = await hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{oldPut["id"]}/retry", expectedStatus: 409);
        Assert.Contains("deleted", refused.ToJsonString(), StringComparison.Ordinal);
        // Nothing follows the DELETE: the receiver keeps the object deleted.
        await Task.Delay(300);
        Assert.Equal(1, Received(emsp, "tariffs").Count(r => r.Method == "DELETE"));
        Assert.Equal("DELETE", Received(emsp, "tariffs")[^1].Method);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delete_that_withdrew_a_tariff_a_receiver_may_no_longer_see_can_be_redriven(StorageKind storage)
    {
        await using var network = await ReceiverDown.StartAsync(storage, OcpiVersion.V211);
        var (hub, cpo, emsp) = network;
        emsp.ModuleResponder = null;
        await SendAsync(hub, cpo, HttpMethod.Put, "tariffs/NL/CPA/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "CPA", "T1"));
        await Eventually.UntilAsync(() => Received(emsp, "tariffs"), r => r.Count == 1, "the tariff at the 2.1.1 eMSP");

        // Typed so that a 2.1.1 eMSP would misapply it: withdrawn by a DELETE, which the eMSP, down, never takes.
        emsp.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
        await SendAsync(hub, cpo, HttpMethod.Put, "tariffs/NL/CPA/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "CPA", "T1", "AD_HOC_PAYMENT", "2026-11-02T10:00:00Z"));
        var deadDelete = (await DeadAsync(hub, 1))[0]!;
        Assert.Equal("DELETE", deadDelete["method"]!.GetValue<string>());
        emsp.ModuleResponder = null;

        await hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{deadDelete["id"]}/retry");

        var id = deadDelete["id"]!.GetValue<long>();
        await Eventually.UntilAsync(() => DeliveriesAsync(hub, "done"), d => d.AsArray().Any(x => x!["id"]!.GetValue<long>() == id), "the re-driven DELETE delivered");
        Assert.Equal("DELETE", Received(emsp, "tariffs")[^1].Method);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delivery_being_sent_or_not_yet_attempted_is_not_redriven_and_reaches_its_receiver_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await net.Hub.QueueEmptyAsync("the set-up's Locations delivered");
        // The eMSP holds each call for a while: the CDR's POST is under way when the operator re-drives it.
        net.Emsp221.ModuleResponseDelay = TimeSpan.FromSeconds(5);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E22", "CDR1", "LOC22"));
        var cdr = await PendingAsync(net.Hub, "cdrs");
        await Eventually.UntilAsync(() => LeasedAsync(net.Hub, cdr), leased => leased, "the CDR's POST under way");
        // A Location change waits behind it in the eMSP's lane, never attempted.
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC23", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC23"));
        var waiting = await PendingAsync(net.Hub, "locations");

        var beingSent = await net.Hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{cdr}/retry", expectedStatus: 409);
        var notAttempted = await net.Hub.AdminAsync(HttpMethod.Post, $"admin/deliveries/{waiting}/retry", expectedStatus: 409);

        Assert.Contains("being sent right now", beingSent["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not been attempted yet", notAttempted["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Eventually.UntilAsync(() => DeliveriesAsync(net.Hub, "done"), d => d.AsArray().Any(x => x!["id"]!.GetValue<long>() == cdr), "the CDR delivered", 10_000);
        net.Emsp221.ModuleResponseDelay = TimeSpan.Zero;
        await net.AssertNothingMoreAsync("cdrs", (net.Emsp221, 1));
    }

    /// <summary>Whether a node holds delivery <paramref name="seq"/> leased: it is being sent.</summary>
    private static async Task<bool> LeasedAsync(HubUnderTest hub, long seq) =>
        await hub.Service<OcpiHub.Storage.HubDatabase>().CountAsync("SELECT COUNT(*) FROM deliveries WHERE seq = @seq AND lease_owner IS NOT NULL", new { seq }) == 1;

    /// <summary>The id of the pending delivery of <paramref name="module"/> to DE*E22, once there is one.</summary>
    private static async Task<long> PendingAsync(IHub hub, string module)
    {
        bool Wanted(JsonNode? d) => d!["module"]!.GetValue<string>() == module && d["receiver"]!.GetValue<string>() == "DE*E22";
        var pending = await Eventually.UntilAsync(() => DeliveriesAsync(hub, "pending"), d => d.AsArray().Any(Wanted), $"a pending {module} delivery");
        return pending.AsArray().Single(Wanted)!["id"]!.GetValue<long>();
    }
}
