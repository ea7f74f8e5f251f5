using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// The URLs the hub composes for deliveries: a long one built from a partner's valid endpoint and an object's ids is
/// sent (OCPI's 255 characters bound what a partner supplies, not what the hub composes); one the hub must never
/// call is dead-lettered at once with the reason, not retried for the retry window; a redirect is not followed.
/// </summary>
public class DeliveryUrlTests
{
    private static async Task<(SimulatedPartner Cpo, SimulatedPartner Emsp, string EmspPlatform)> ConnectAsync(IHub hub, PartnerOptions emspOptions)
    {
        var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emsp = await SimulatedPartner.StartAsync(emspOptions);
        var emspPlatform = await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "DE*EMA");
        return (cpo, emsp, emspPlatform);
    }

    private static PartnerOptions Emsp(string modulePathPrefix = "") =>
        new() { Version = OcpiVersion.V221, Parties = [Partners.Party("EMSP", "EMA", "DE")], ModulePathPrefix = modulePathPrefix };

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delivery_to_a_long_url_composed_from_a_valid_endpoint_is_sent(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        // The eMSP's endpoints are valid OCPI URLs of up to 255 characters, chargingprofiles the longest (registration checks them).
        var (cpo, emsp, _) = await ConnectAsync(hub, Emsp(modulePathPrefix: "partner/" + new string('x', 191)));
        await using var _cpo = cpo;
        await using var _emsp = emsp;
        var id = new string('L', 30); // its EVSE's uid, 3 characters longer, stays within 36

        using var put = await cpo.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/{id}", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id));
        Assert.Equal(1000, (await Partners.EnvelopeAsync(put))["status_code"]!.GetValue<int>());

        var received = Assert.Single(await RoamingNetwork.ChangesAsync(emsp, "locations", 1));
        Assert.True((emsp.BaseUrl + received.Path).Length > 255, $"the composed URL was meant to be long: {received.Path}");
        Assert.EndsWith($"/locations/NL/CPA/{id}", received.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delivery_to_a_url_the_hub_must_not_call_is_dead_lettered_at_once(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.1");
        var (cpo, emsp, emspPlatform) = await ConnectAsync(hub, Emsp());
        await using var _cpo = cpo;
        await using var _emsp = emsp;
        // The eMSP's Locations endpoint now points at a cloud metadata address (an IPv4 one written as IPv6).
        var platforms = hub.Service<IPlatformStore>();
        var platform = (await platforms.FindAsync(emspPlatform))!;
        await platforms.SaveAsync(platform with
        {
            Endpoints = [.. platform.Endpoints.Select(e => e.Identifier == "locations" ? e with { Url = "http://[::ffff:169.254.169.254]/ocpi/locations" } : e)],
        });

        using var put = await cpo.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        Assert.Equal(1000, (await Partners.EnvelopeAsync(put))["status_code"]!.GetValue<int>());

        var dead = await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead"), d => d.AsArray().Count > 0, "the delivery dead-lettered");
        var delivery = Assert.Single(dead.AsArray())!;
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Contains("cloud metadata", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_delivery_answered_with_a_redirect_fails_naming_it_and_goes_nowhere_else(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage, "--Hub:DeliveryBackoffSeconds=60");
        var elsewhere = net.Emsp221.BaseUrl + "/elsewhere";
        net.Emsp221.ModuleResponder = r => r.Method == "POST" && r.Path.EndsWith("/cdrs", StringComparison.Ordinal)
            ? new SimulatedResponse(HttpStatus: 301, RedirectTo: elsewhere)
            : null;

        await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E22", "CDR1", "LOC22"));

        var failed = await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=failed"), d => d.AsArray().Count > 0,
            "the CDR's delivery failed");
        var delivery = Assert.Single(failed.AsArray())!;
        Assert.Equal(("POST", 1), (delivery["method"]!.GetValue<string>(), delivery["attempts"]!.GetValue<int>()));
        Assert.Contains($"redirected to {elsewhere}", delivery["last_error"]!.GetValue<string>(), StringComparison.Ordinal);
        // Followed, the POST would have become a GET of the other URL, without the hub's token.
        Assert.DoesNotContain(net.Emsp221.Requests, r => r.Path.Contains("/elsewhere", StringComparison.Ordinal));
    }
}
