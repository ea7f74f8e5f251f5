using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>
/// Every module the hub pulls, from a partner of every version: a CPO's Tariffs, Sessions and CDRs and an eMSP's
/// Tokens are stored and delivered to their receivers in the receivers' own versions (checked against the schemas);
/// Sessions and CDRs only to the eMSP of their token; a second run finds everything known and delivers nothing, and a
/// CDR, once known, is never changed.
/// </summary>
public sealed class SyncModulesTests
{
    private static readonly string[] EmspIds = ["E11", "E22", "E30"];

    public static TheoryData<StorageKind, OcpiVersion, string> Pulls()
    {
        var rows = new TheoryData<StorageKind, OcpiVersion, string>();
        foreach (var storage in new[] { StorageKind.Sqlite, StorageKind.PostgreSql })
        foreach (var version in new[] { OcpiVersion.V211, OcpiVersion.V221, OcpiVersion.V230 })
        foreach (var module in new[] { "tariffs", "sessions", "cdrs", "tokens" })
            rows.Add(storage, version, module);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Pulls))]
    public async Task A_pulled_module_is_stored_and_delivered_to_its_receivers_once(StorageKind storage, OcpiVersion version, string module)
    {
        // No backfill: the agreements added below would bring the eMSPs' stored tokens to the CPOs, which is not what is shown here.
        await using var net = await RoamingNetwork.StartChargingAsync(storage, "--Hub:BackfillOnAgreement=false");
        await using var cpo230 = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "C30"));
        await Partners.ConnectAsync(net.Hub, cpo230, Initiator.Hub);
        await net.SendOkAsync(cpo230, HttpMethod.Put, "receiver/locations/NL/C30/LOC30", LocationJson.Location(OcpiVersion.V230, "NL", "C30", "LOC30"));
        // Every CPO agrees with every eMSP, so only the token decides who gets a Session or CDR.
        foreach (var (cpo, emsp) in new[] { ("NL*C11", "DE*E22"), ("NL*C30", "DE*E11"), ("NL*C30", "DE*E22"), ("NL*C30", "DE*E30") })
            await net.AgreeAsync(cpo, emsp);
        SimulatedPartner[] cpos = [net.Cpo211, net.Cpo221, cpo230];
        var owner = (module == "tokens" ? net.Emsps : cpos).Single(p => p.Options.Version == version);
        var ownerId = PartyOf(owner);
        var objects = Objects(module, version, ownerId).ToList();
        foreach (var (json, _) in objects)
            owner.Sender(module).Put(json);
        var receivers = module == "tokens" ? cpos : net.Emsps;
        var expected = receivers.Select(r => (r, objects.Count(o => o.TokenOf is null || o.TokenOf == PartyOf(r)))).ToArray();
        SimulatedPartner[] watched = [.. net.Members, cpo230];

        var first = await RunAsync(net.Hub, ownerId, module);

        Assert.Equal(("SUCCEEDED", 1, objects.Count, objects.Count, 0, 0), Counters(first));
        await RoamingNetwork.AssertNothingMoreAsync(module, watched, expected);
        var correlationId = first["correlation_id"]!.GetValue<string>();
        Assert.All(receivers.SelectMany(r => RoamingNetwork.Received(r, module)),
            r => Assert.Equal((module == "cdrs" ? "POST" : "PUT", correlationId), (r.Method, r.Headers["X-Correlation-ID"])));

        // A CDR the hub knows is never replaced, even by a later one under the same id.
        var (changedId, changedJson) = module == "cdrs" ? Changed(objects[0].Json) : (null, null);
        if (changedJson is not null)
            owner.Sender(module).Put(changedJson);
        var second = await RunAsync(net.Hub, ownerId, module);

        Assert.Equal(("SUCCEEDED", 1, objects.Count, 0, objects.Count, 0), Counters(second));
        await RoamingNetwork.AssertNothingMoreAsync(module, watched, expected);
        if (changedId is not null)
        {
            var stored = await net.Hub.Service<IDataStore>().FindAsync(DataModule.Cdrs, new PartyKey("NL", ownerId), changedId, CancellationToken.None);
            Assert.Equal(10.5m, JsonNode.Parse(stored!.Body)!["total_energy"]!.GetValue<decimal>());
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_cdr_pulled_before_its_token_was_known_reaches_its_emsp_when_pulled_again(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage, "--Hub:BackfillOnAgreement=false");
        await net.AgreeAsync("NL*C11", "DE*E22");
        var cdr = JsonNode.Parse(ChargeJson.Cdr(OcpiVersion.V211, "C11", "E22", "CNEW", "LOC11"))!.AsObject();
        cdr["auth_id"] = "E22-U9"; // the contract of a card E22 has not pushed yet
        net.Cpo211.Sender("cdrs").Put(cdr.ToJsonString());

        var first = await RunAsync(net.Hub, "C11", "cdrs");
        Assert.Equal(("SUCCEEDED", 1, 1, 1, 0, 0), Counters(first));
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/U9?type=RFID", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "U9"));
        var second = await RunAsync(net.Hub, "C11", "cdrs");

        Assert.Equal(("SUCCEEDED", 1, 1, 1, 0, 0), Counters(second));
        await RoamingNetwork.ReceivedAsync(net.Emsp221, "cdrs", 1);
        await Task.Delay(300);
        var received = Assert.Single(RoamingNetwork.Received(net.Emsp221, "cdrs"));
        Assert.Equal(("POST", "CNEW"), (received.Method, JsonNode.Parse(received.Body)!["id"]!.GetValue<string>()));
        Assert.Equal("E22-U9", JsonNode.Parse(received.Body)!["cdr_token"]!["contract_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_a_full_run_no_longer_finds_is_deleted_at_the_hub_and_its_receivers_and_a_delta_run_deletes_nothing(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var tariffs = net.Cpo221.Sender("tariffs");
        foreach (var id in new[] { "T1", "T2", "T3" })
            tariffs.Put(TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", id));
        Assert.Equal("SUCCEEDED", (await RunAsync(net.Hub, "C22", "tariffs"))["status"]!.GetValue<string>());
        await RoamingNetwork.ChangesAsync(net.Emsp221, "tariffs", 3);

        // The CPO deleted T2 and the hub missed its DELETE: a delta run cannot tell, a full run's list can.
        Assert.Equal(1, tariffs.Remove(t => t["id"]!.GetValue<string>() == "T2"));
        await RunAsync(net.Hub, "C22", "tariffs", "DELTA");
        await Task.Delay(300);
        Assert.DoesNotContain(RoamingNetwork.Changes(net.Emsp221, "tariffs"), r => r.Method == "DELETE");
        // T3 is served invalid now: skipped and reported, but listed, so the CPO still has it.
        var t3 = JsonNode.Parse(TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T3", updated: "2026-11-02T10:00:00Z"))!.AsObject();
        t3.Remove("currency");
        tariffs.Put(t3.ToJsonString());
        // T1 changed after the run's date_to (its push not at the hub yet): out of the run's window, not of the owner's list.
        tariffs.Put(TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1",
            updated: DateTimeOffset.UtcNow.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        var full = await RunAsync(net.Hub, "C22", "tariffs");

        Assert.Equal("SUCCEEDED", full["status"]!.GetValue<string>());
        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            var deleted = await Eventually.UntilAsync(() => RoamingNetwork.Changes(emsp, "tariffs").Where(r => r.Method == "DELETE").ToList(), d => d.Count >= 1,
                $"the DELETE at {PartyOf(emsp)}");
            Assert.EndsWith("/NL/C22/T2", Assert.Single(deleted).Path, StringComparison.Ordinal);
        }
        Assert.Null(await net.Hub.Service<IDataStore>().FindAsync(DataModule.Tariffs, new PartyKey("NL", "C22"), "T2", CancellationToken.None));
        foreach (var kept in new[] { "T1", "T3" })
            Assert.NotNull(await net.Hub.Service<IDataStore>().FindAsync(DataModule.Tariffs, new PartyKey("NL", "C22"), kept, CancellationToken.None));
        var problems = (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{Id(full)}"))["problems"]!.AsArray();
        Assert.Contains(problems, p => p!["object_id"]!.GetValue<string>().Equals("T2", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What the owner serves: three Tariffs or Tokens for every receiver; Sessions and CDRs charged once on E11's
    /// token, twice on E22's and three times on E30's, so each eMSP must receive its own count and no more.
    /// </summary>
    private static IEnumerable<(string Json, string? TokenOf)> Objects(string module, OcpiVersion version, string owner) => module switch
    {
        "tariffs" => Enumerable.Range(0, 3).Select(i => (TariffJson.Tariff(version, "NL", owner, $"T{i}"), (string?)null)),
        "tokens" => Enumerable.Range(0, 3).Select(i => (TokenJson.Token(version, "DE", owner, $"U{i}"), (string?)null)),
        _ => EmspIds.SelectMany((emsp, n) => Enumerable.Range(0, n + 1).Select(i => (Charge(module, version, owner, emsp, $"{emsp}-{i}"), (string?)emsp))),
    };

    private static string Charge(string module, OcpiVersion version, string cpo, string emsp, string id) => module == "sessions"
        ? ChargeJson.Session(version, cpo, emsp, "S" + id, "LOC" + cpo[1..])
        : ChargeJson.Cdr(version, cpo, emsp, "C" + id, "LOC" + cpo[1..]);

    /// <summary>The CDR with more energy and a later last_updated: a change a CDR may not have.</summary>
    private static (string? Id, string? Json) Changed(string json)
    {
        var cdr = JsonNode.Parse(json)!.AsObject();
        cdr["total_energy"] = 11.5m;
        cdr["last_updated"] = "2026-11-02T00:00:00Z";
        return (cdr["id"]!.GetValue<string>(), cdr.ToJsonString());
    }

    private static string PartyOf(SimulatedPartner partner) => partner.Options.Parties[0].PartyId;
}
