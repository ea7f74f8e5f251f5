using System.Text.Json.Nodes;
using Dapper;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// A partner that unregistered (DELETE credentials) comes back with the same parties, by either side of the
/// handshake: the new platform carries the parties, and their data goes to it, never to the old one.
/// </summary>
public class ReRegistrationTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Partners_that_unregistered_come_back_with_the_same_parties_and_their_data_reaches_the_new_platform_only(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var oldCpo = await PlatformIdAsync(net.Hub, "CPO C22");
        var oldEmsp = await PlatformIdAsync(net.Hub, "EMSP E22");

        // The CPO was connected by the hub and comes back registering itself; the eMSP the other way round.
        var newCpo = await ComeBackAsync(net.Hub, net.Cpo221, Initiator.Partner);
        var newEmsp = await ComeBackAsync(net.Hub, net.Emsp221, Initiator.Hub);

        var platforms = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray();
        foreach (var (old, now, party) in new[] { (oldCpo, newCpo, "C22"), (oldEmsp, newEmsp, "E22") })
        {
            var oldView = platforms.Single(p => p!["id"]!.GetValue<string>() == old)!;
            Assert.Equal("UNREGISTERED", oldView["status"]!.GetValue<string>());
            var newView = platforms.Single(p => p!["id"]!.GetValue<string>() == now)!;
            Assert.Equal("CONNECTED", newView["status"]!.GetValue<string>());
            Assert.Equal(party, Assert.Single(newView["parties"]!.AsArray())!["party_id"]!.GetValue<string>());
        }

        // A Location of the returned CPO reaches the returned eMSP (and E30), through the new platforms only. (The
        // eMSP's return also brings it the CPO's stored Locations, which may come after this one: the same PUT.)
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC9", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC9"));
        var received = await RoamingNetwork.ChangesAsync(net.Emsp221, "locations", 1);
        Assert.All(received, r => Assert.Equal(("PUT", "/ocpi/2.2.1/locations/NL/C22/LOC9"), (r.Method, r.Path)));
        await RoamingNetwork.ChangesAsync(net.Emsp230, "locations", 1);
        var toE22 = (await net.Hub.AllDeliveriesAsync()).Where(d => d!["receiver"]!.GetValue<string>() == "DE*E22" && d["module"]!.GetValue<string>() == "locations").ToList();
        Assert.NotEmpty(toE22);
        Assert.All(toE22, d => Assert.Equal(newEmsp, d!["receiver_platform"]!.GetValue<string>()));

        // The returned eMSP pulls the Location from the hub.
        Assert.Contains("LOC9", await net.PullAllAsync(net.Emsp221, "locations", "id", "limit=10"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_party_whose_platform_unregistered_is_suspended_for_its_counterparts(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var before = DateTimeOffset.UtcNow;

        Assert.Equal(1000, (await net.Cpo221.UnregisterAsync())["status_code"]!.GetValue<int>());

        // Found by a poll from before the unregistration, after the agreement was made (2.2.1 HubClientInfo GET by date_from).
        var from = Uri.EscapeDataString(before.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using var response = await net.SendAsync(net.Emsp221, HttpMethod.Get, "hubclientinfo?date_from=" + from);
        var infos = (await Partners.EnvelopeAsync(response))["data"]!.AsArray();
        var cpo = Assert.Single(infos, i => i!["party_id"]!.GetValue<string>() == "C22")!;
        Assert.Equal("SUSPENDED", cpo["status"]!.GetValue<string>());
        // Pushed as well (after the CONNECTED of the agreement), and CONNECTED again once the CPO is back.
        await LastClientInfoAboutC22Async(net.Emsp221, "SUSPENDED");
        await Partners.ConnectAsync(net.Hub, net.Cpo221, Initiator.Partner);
        await LastClientInfoAboutC22Async(net.Emsp221, "CONNECTED");
    }

    /// <summary>
    /// E22 unregisters; T-GONE is removed meanwhile by a push, or on another node whose clock runs an hour behind (its
    /// record stamped before E22 left), and the hourly cleanup of withdrawal records runs: E22 comes back and gets its DELETE.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, 0)]
    [InlineData(StorageKind.Sqlite, -1)]
    [InlineData(StorageKind.PostgreSql, 0)]
    [InlineData(StorageKind.PostgreSql, -1)]
    public async Task An_emsp_that_comes_back_gets_a_delete_of_each_tariff_removed_while_it_was_away(StorageKind storage, int removerHoursOff)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        foreach (var tariff in new[] { "T-GONE", "T-KEPT" })
            await net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{tariff}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff));
        await net.Hub.QueueEmptyAsync("the Tariffs sent");

        Assert.Equal(1000, (await net.Emsp221.UnregisterAsync())["status_code"]!.GetValue<int>());
        if (removerHoursOff == 0)
            await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-GONE");
        else
            await new OtherNode(net.Hub.Service<HubDatabase>(), TimeSpan.FromHours(removerHoursOff)).RemoveAsync(DataModule.Tariffs, new PartyKey("NL", "C22"), "T-GONE");
        await new WithdrawalRetention(net.Hub.Service<IAgreementStore>(), net.Hub.Service<ICatchUpStore>(), net.Hub.Service<IPlatformStore>(),
            net.Hub.Service<JobMarkStore>(), TimeProvider.System).ForgetAsync(CancellationToken.None);
        var seen = RoamingNetwork.Changes(net.Emsp221, "tariffs").Count;
        await Partners.ConnectAsync(net.Hub, net.Emsp221, Initiator.Partner);
        await net.Hub.QueueEmptyAsync("what the agreements bring sent");

        Assert.Equal([("DELETE", "/ocpi/2.2.1/tariffs/NL/C22/T-GONE"), ("PUT", "/ocpi/2.2.1/tariffs/NL/C22/T-KEPT")],
            RoamingNetwork.Changes(net.Emsp221, "tariffs").Skip(seen).Select(r => (r.Method, r.Path)).Order());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cpo_that_comes_back_gets_the_tokens_of_its_agreements_as_they_are_now(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/T1?type=RFID", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "T1"));
        await RoamingNetwork.ChangesAsync(net.Cpo221, "tokens", 1);

        Assert.Equal(1000, (await net.Cpo221.UnregisterAsync())["status_code"]!.GetValue<int>());
        // Blocked while no platform carries the CPO: nothing is queued for it.
        await net.SendOkAsync(net.Emsp221, HttpMethod.Patch, "receiver/tokens/DE/E22/T1?type=RFID", """{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""");
        await Partners.ConnectAsync(net.Hub, net.Cpo221, Initiator.Partner);

        var received = await RoamingNetwork.ChangesAsync(net.Cpo221, "tokens", 2);
        Assert.Equal(("PUT", "/ocpi/2.2.1/tokens/DE/E22/T1"), (received[1].Method, received[1].Path));
        Assert.False(JsonNode.Parse(received[1].Body)!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_emsp_that_comes_back_gets_its_data_and_its_counterpart_hears_of_it_though_the_hub_was_killed_right_after_the_registration()
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.PostgreSql);
        await hub.StartAsync();
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA", "DE"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "DE*EMA");
        Assert.Equal(1000, (await emsp.UnregisterAsync())["status_code"]!.GetValue<int>());
        // Stored while no platform carries the eMSP: nothing is queued for it.
        using (var pushed = await cpo.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1",
                   LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1")))
            Assert.True(pushed.IsSuccessStatusCode);
        await hub.QueueEmptyAsync("the unregistration told");

        // Nothing can be queued (another session holds the delivery queue) when the eMSP registers again, and the hub is
        // killed while what follows the registration waits to queue it.
        await using var database = hub.Database();
        await using (var holder = await database.OpenAsync())
        await using (var held = await holder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync("LOCK TABLE deliveries IN EXCLUSIVE MODE", transaction: held);
            await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
            await Eventually.UntilAsync(() => database.CountAsync("SELECT COUNT(*) FROM pg_locks WHERE relation = 'deliveries'::regclass AND NOT granted"),
                waiting => waiting > 0, "the registration's follow-up waiting to queue");
            hub.Kill();
        }

        await hub.StartAsync();

        await Eventually.UntilAsync(() => emsp.CheckedRequests().Where(r => r.Method == "PUT" && r.Path == "/ocpi/2.2.1/locations/NL/CPA/L1").ToList(),
            puts => puts.Count > 0, "the Location stored while the eMSP was away, at the eMSP", 20_000);
        await Eventually.UntilAsync<IReadOnlyList<string>>(
            () => [.. cpo.CheckedRequests().Where(r => r.Method == "PUT" && r.Path.EndsWith("/hubclientinfo/DE/EMA", StringComparison.Ordinal))
                .Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>())],
            statuses => statuses.Count > 0 && statuses[^1] == "CONNECTED", "the CPO told the eMSP is back", 20_000);
    }

    private static Task<IReadOnlyList<string>> LastClientInfoAboutC22Async(SimulatedPartner emsp, string status) =>
        Eventually.UntilAsync<IReadOnlyList<string>>(
            () => [.. emsp.CheckedRequests().Where(r => r.Method == "PUT" && r.Path.EndsWith("/hubclientinfo/NL/C22", StringComparison.Ordinal))
                .Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>())],
            statuses => statuses.Count > 0 && statuses[^1] == status, $"a last ClientInfo PUT about NL*C22 of {status}");

    /// <summary>The partner DELETEs its credentials, then registers again (a new token A from the operator) or the hub connects to it.</summary>
    private static async Task<string> ComeBackAsync(HubUnderTest hub, SimulatedPartner partner, Initiator initiator)
    {
        Assert.Equal(1000, (await partner.UnregisterAsync())["status_code"]!.GetValue<int>());
        return await Partners.ConnectAsync(hub, partner, initiator);
    }

    private static async Task<string> PlatformIdAsync(HubUnderTest hub, string name) =>
        (await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == name && p["status"]!.GetValue<string>() == "CONNECTED")!["id"]!.GetValue<string>();
}
