using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// What a down-translation drops is never silent: a 2.2.1 Location whose connector names its maximum power (which
/// 2.1.1 cannot carry) reaches the 2.1.1 eMSP without it, and the message log entry of that delivery and the
/// hub's metrics both say what was lost; the 2.2.1 and 2.3.0 eMSPs lose nothing.
/// </summary>
public class TranslationLossTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_loss_of_a_delivery_shows_in_its_log_entry_and_in_the_metrics(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        var e11 = await net.PlatformIdAsync("E11");
        var e30 = await net.PlatformIdAsync("E30");
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC1").Replace("\"max_amperage\":32,", "\"max_amperage\":32,\"max_electric_power\":22000,");
        Assert.Contains("max_electric_power", location, StringComparison.Ordinal);

        using var push = await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC1", location);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 1), (net.Emsp221, 1), (net.Emsp230, 1));
        Assert.DoesNotContain("max_electric_power", RoamingNetwork.Received(net.Emsp211, "locations").Single().Body, StringComparison.Ordinal);

        var correlationId = push.Headers.GetValues("X-Correlation-ID").Single();
        var entries = await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/messages?correlation_id={correlationId}"),
            e => e.AsArray().Count(m => m!["direction"]!.GetValue<string>() == "OUT") == 3, "the three deliveries logged");
        JsonNode Out(string platform) => entries.AsArray().Single(m => m!["direction"]!.GetValue<string>() == "OUT" && m["platform_id"]!.GetValue<string>() == platform)!;
        var loss = Assert.Single(Out(e11)["translation_losses"]!.AsArray())!.GetValue<string>();
        Assert.Contains("Connector.max_electric_power (2.3.0 -> 2.1.1)", loss, StringComparison.Ordinal);
        Assert.Null(Out(e30)["translation_losses"]);

        var metrics = await Scrape.TextAsync(net.Hub.BaseUrl);
        Assert.Equal(1, Scrape.Sum(metrics, "ocpihub_translation_losses_total", ("receiver", e11), ("module", "locations"), ("field", "Connector.max_electric_power")));
        Assert.Equal(0, Scrape.Sum(metrics, "ocpihub_translation_losses_total", ("receiver", e30)));
    }
}
