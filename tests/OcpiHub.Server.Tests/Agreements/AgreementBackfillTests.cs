using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Agreements;

/// <summary>
/// A new agreement brings the data: the eMSP gets the CPO's stored Locations and Tariffs, the CPO the eMSP's Tokens,
/// each a PUT in the receiver's version, and only what the receiver may see.
/// </summary>
public class AgreementBackfillTests
{
    private static async Task StoreDataAsync(RoamingNetwork net)
    {
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        // Unpublished: a 2.1.1 eMSP, which cannot honour publish_allowed_to, never gets it.
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L2",
            LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L2").Replace("\"publish\":true", "\"publish\":false"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1"));
        await net.SendOkAsync(net.Emsp211, HttpMethod.Put, "receiver/tokens/DE/E11/U11", TokenJson.Token(OcpiVersion.V211, "DE", "E11", "U11"));
    }

    private static IReadOnlyList<(string Method, string Path, string Query)> Puts(SimulatedPartner partner) =>
        partner.Requests.Where(r => r.Method == "PUT" && !r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal)).Select(r => (r.Method, r.Path, r.Query)).ToList();

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_new_agreement_sends_each_side_what_the_other_holds_in_its_own_version(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await StoreDataAsync(net);
        var (emspBefore, cpoBefore) = (Puts(net.Emsp211).Count, Puts(net.Cpo221).Count);

        await net.AgreeAsync("NL*C22", "DE*E11");

        var toEmsp = await Eventually.UntilAsync(() => Puts(net.Emsp211).Skip(emspBefore).ToList(), p => p.Count >= 2, "the CPO's Location and Tariff at the eMSP");
        var toCpo = await Eventually.UntilAsync(() => Puts(net.Cpo221).Skip(cpoBefore).ToList(), p => p.Count >= 1, "the eMSP's Token at the CPO");
        await Task.Delay(300);
        Assert.Equal([("PUT", "/ocpi/2.1.1/locations/NL/C22/L1", ""), ("PUT", "/ocpi/2.1.1/tariffs/NL/C22/T1", "")],
            Puts(net.Emsp211).Skip(emspBefore).Order());
        Assert.Equal([("PUT", "/ocpi/2.2.1/tokens/DE/E11/U11", "?type=RFID")], Puts(net.Cpo221).Skip(cpoBefore));
    }

    [Fact]
    public async Task Nothing_is_sent_when_backfill_is_off()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite, "--Hub:BackfillOnAgreement=false");
        await StoreDataAsync(net);
        var (emspBefore, cpoBefore) = (Puts(net.Emsp211).Count, Puts(net.Cpo221).Count);

        await net.AgreeAsync("NL*C22", "DE*E11");

        await Eventually.UntilAsync(() => net.Cpo221.Requests, r => r.Any(x => x.Path.EndsWith("/hubclientinfo/DE/E11", StringComparison.Ordinal)),
            "the CPO's ClientInfo of the agreement");
        await Task.Delay(300);
        Assert.Equal((emspBefore, cpoBefore), (Puts(net.Emsp211).Count, Puts(net.Cpo221).Count));
    }

    [Fact]
    public async Task A_receiver_whose_push_is_off_gets_nothing_and_the_other_side_still_gets_its_data()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite);
        await StoreDataAsync(net);
        var e11 = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
            .Single(p => p!["parties"]!.AsArray().Any(x => x!["party_id"]!.GetValue<string>() == "E11"))!["id"]!.GetValue<string>();
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{e11}", new { settings = new { push = false } });
        var (emspBefore, cpoBefore) = (Puts(net.Emsp211).Count, Puts(net.Cpo221).Count);

        await net.AgreeAsync("NL*C22", "DE*E11");

        await Eventually.UntilAsync(() => Puts(net.Cpo221).Skip(cpoBefore).ToList(), p => p.Count >= 1, "the eMSP's Token at the CPO");
        await Task.Delay(300);
        Assert.Equal(emspBefore, Puts(net.Emsp211).Count);
    }
}
