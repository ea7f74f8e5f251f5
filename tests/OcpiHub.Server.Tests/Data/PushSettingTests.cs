using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A platform whose <c>push</c> setting is off gets no deliveries, data or HubClientInfo, and pulls the same
/// objects from the hub's sender interfaces.
/// </summary>
public class PushSettingTests
{
    private static async Task<string> PlatformIdAsync(IHub hub, string partyId) =>
        (await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
        .Single(p => p!["parties"]!.AsArray().Any(x => x!["party_id"]!.GetValue<string>() == partyId))!["id"]!.GetValue<string>();

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_platform_with_push_off_receives_nothing_and_pulls_the_same_objects(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var e30 = await PlatformIdAsync(net.Hub, "E30");
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{e30}", new { settings = new { push = false } });
        var before = net.Emsp230.Requests.Count;

        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/L1/L1-E1", """{"status":"CHARGING","last_updated":"2026-11-01T11:00:00Z"}""");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1"));

        // The 2.2.1 eMSP, pushed to, gets them; the 2.3.0 eMSP, which pulls, gets nothing at all.
        await RoamingNetwork.ChangesAsync(net.Emsp221, "locations", 2);
        await RoamingNetwork.ChangesAsync(net.Emsp221, "tariffs", 1);

        // It pulls the same objects, in their latest state.
        Assert.Equal(["L1"], await net.PullAllAsync(net.Emsp230, "locations", "id", "limit=10"));
        Assert.Equal(["T1"], await net.PullAllAsync(net.Emsp230, "tariffs", "id", "limit=10"));
        using var single = await net.SendAsync(net.Emsp230, HttpMethod.Get, "sender/locations/L1", null, ("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "C22"));
        var evse = (await Partners.EnvelopeAsync(single))["data"]!["evses"]![0]!;
        Assert.Equal("CHARGING", evse["status"]!.GetValue<string>());

        // An agreement change: the CPO hears of it through HubClientInfo, the eMSP that pulls does not.
        var agreement = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray()
            .Single(a => a!["cpo"]!.GetValue<string>() == "NL*C22" && a["emsp"]!.GetValue<string>() == "DE*E30")!;
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{agreement["id"]}/suspend");
        await Eventually.UntilAsync(() => net.Cpo221.Requests, r => r.Any(x => x.Method == "PUT" && x.Path.EndsWith("/hubclientinfo/DE/E30", StringComparison.Ordinal)),
            "the CPO's HubClientInfo of the suspended agreement");
        await Task.Delay(300);
        Assert.DoesNotContain(net.Emsp230.Requests.Skip(before), r => r.Method != "GET");
        Assert.Empty((await net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=pending")).AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    public async Task Deliveries_queued_before_push_was_turned_off_are_given_up_not_sent(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var e30 = await PlatformIdAsync(net.Hub, "E30");
        net.Emsp230.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        await RoamingNetwork.ChangesAsync(net.Emsp230, "locations", 1);

        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{e30}", new { settings = new { push = false } });
        net.Emsp230.ModuleResponder = null;

        var dead = await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead"), d => d.AsArray().Count == 1,
            "the queued delivery given up", 15_000);
        Assert.Contains("push", dead[0]!["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(RoamingNetwork.Changes(net.Emsp230, "locations"));
    }
}
