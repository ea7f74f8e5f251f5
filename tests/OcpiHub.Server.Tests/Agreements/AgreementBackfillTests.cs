using System.Text.Json.Nodes;
using Dapper;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;

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

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_evse_status_changed_while_the_agreement_brings_the_locations_ends_at_the_emsp_as_at_the_hub(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        // Four pages of Locations; busy ones on the last page, whose EVSEs the CPO changes, several at once, until the
        // agreement has brought them all: the last change of each can come while its page is being read.
        const int count = 2000;
        var stored = DateTimeOffset.UtcNow;
        await net.Hub.Service<IDataStore>().SaveAsync([.. Enumerable.Range(0, count).Select(i => new StoredObject(DataModule.Locations, new PartyKey("NL", "C22"),
            $"L{i:D5}", stored, LocationJson.Location(OcpiVersion.V230, "NL", "C22", $"L{i:D5}"), null, stored.AddMilliseconds(i)))]);
        var busy = Enumerable.Range(0, count).Where(i => i >= count - 60).Select(i => $"L{i:D5}").ToList();

        using var agreed = new CancellationTokenSource();
        var changes = 0;
        var changing = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!agreed.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref changes);
                var id = busy[n % busy.Count];
                var updated = DateTimeOffset.Parse(LocationJson.Updated, System.Globalization.CultureInfo.InvariantCulture).AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
                await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, $"receiver/locations/NL/C22/{id}/{id}-E1",
                    $$"""{"status":"{{(n % 2 == 0 ? "CHARGING" : "AVAILABLE")}}","last_updated":"{{updated}}"}""");
            }
        })));
        await net.AgreeAsync("NL*C22", "DE*E11");
        await agreed.CancelAsync();
        await changing;
        await net.Hub.QueueEmptyAsync("the Locations and their changes sent", 60_000);

        foreach (var id in busy)
        {
            var atHub = JsonNode.Parse((await net.Hub.Service<IDataStore>().FindAsync(DataModule.Locations, new PartyKey("NL", "C22"), id))!.Body)!["evses"]![0]!["status"]!.GetValue<string>();
            Assert.True(atHub == EvseStatusAt(net.Emsp211, id), $"{id}: {atHub} at the hub, {EvseStatusAt(net.Emsp211, id)} at the eMSP after {changes} changes");
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_catch_up_cut_short_by_the_hub_being_killed_is_finished_after_restart(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await hub.StartAsync();
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA", "DE"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        const int count = 3000;
        var stored = DateTimeOffset.UtcNow;
        await using (var database = hub.Database())
        {
            await new DataStore(database, TimeProvider.System, new SharedStateVersion(database)).SaveAsync([.. Enumerable.Range(0, count).Select(i => new StoredObject(DataModule.Locations,
                new PartyKey("NL", "CPA"), $"L{i:D5}", stored, LocationJson.Location(OcpiVersion.V230, "NL", "CPA", $"L{i:D5}"), null, stored.AddMilliseconds(i)))]);
        }

        // Killed as soon as the agreement is stored, while it brings the Locations.
        var agreeing = Task.Run(async () =>
        {
            try
            {
                await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*CPA", emsp = "DE*EMA" }, 201);
            }
            catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException or TaskCanceledException)
            {
                // The hub died under the request.
            }
        });
        while ((await hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray().Count == 0 && !agreeing.IsCompleted)
        {
        }
        hub.Kill();
        await agreeing;
        var before = LocationPaths(emsp).Count;
        Assert.True(await CatchUpsLeftAsync(hub) > 0, "the catch-up had ended before the kill");

        await hub.StartAsync();

        var received = await Eventually.UntilAsync(() => LocationPaths(emsp), p => p.Count == count, $"all {count} Locations at the eMSP ({before} before the restart)", 60_000);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"/ocpi/2.2.1/locations/NL/CPA/L{i:D5}"), received.Order());
    }

    private static async Task<long> CatchUpsLeftAsync(HubProcess hub)
    {
        await using var database = hub.Database();
        return await database.CountAsync("SELECT COUNT(*) FROM agreement_catch_ups");
    }

    private static HashSet<string> LocationPaths(SimulatedPartner emsp) =>
        emsp.Requests.Where(r => r.Method == "PUT" && r.Path.StartsWith("/ocpi/2.2.1/locations/", StringComparison.Ordinal)).Select(r => r.Path).ToHashSet();

    /// <summary>The status of the one EVSE of Location <paramref name="id"/> as the PUTs and PATCHes <paramref name="emsp"/> received, in order, leave it.</summary>
    private static string? EvseStatusAt(SimulatedPartner emsp, string id)
    {
        string? status = null;
        foreach (var request in emsp.Requests.Where(r => r.Path.StartsWith($"/ocpi/2.1.1/locations/NL/C22/{id}", StringComparison.Ordinal)))
        {
            var body = JsonNode.Parse(request.Body)!;
            status = request.Path.EndsWith($"/{id}", StringComparison.Ordinal) ? body["evses"]![0]!["status"]!.GetValue<string>() : body["status"]?.GetValue<string>() ?? status;
        }
        return status;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_resumed_agreement_is_told_to_both_sides_and_brings_what_changed_while_it_was_suspended(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var id = await net.AgreeAsync("NL*C22", "DE*E11");
        Assert.Equal("SUSPENDED", (await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{id}/suspend"))["status"]!.GetValue<string>());
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L9", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L9"));
        await net.Hub.QueueEmptyAsync("the suspension told");
        Assert.DoesNotContain(net.Emsp211.Requests, r => r.Path.EndsWith("/locations/NL/C22/L9", StringComparison.Ordinal));

        Assert.Equal("ACTIVE", (await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{id}/resume"))["status"]!.GetValue<string>());
        await net.CaughtUpAsync(id);

        await Eventually.UntilAsync(() => Puts(net.Emsp211), p => p.Contains(("PUT", "/ocpi/2.1.1/locations/NL/C22/L9", "")), "the Location stored while suspended at the eMSP");
        var toldCpo = await Eventually.UntilAsync(() => net.Cpo221.CheckedRequests().Where(r => r.Path.EndsWith("/hubclientinfo/DE/E11", StringComparison.Ordinal)).ToList(),
            r => r.Count == 3, "the CPO told of the agreement, its suspension and its resumption");
        Assert.Equal(["CONNECTED", "SUSPENDED", "CONNECTED"], toldCpo.Select(r => JsonNode.Parse(r.Body)!["status"]!.GetValue<string>()));
        Assert.Contains("not suspended", (await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{id}/resume", null, 409))["error"]!.GetValue<string>());
        await net.Hub.AdminAsync(HttpMethod.Delete, $"admin/agreements/{id}");
        Assert.Contains("has ended", (await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{id}/resume", null, 409))["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_push_held_after_an_agreement_was_made_on_another_node_is_queued_for_its_emsp_though_the_node_had_not_heard_of_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        // The node taking the push: its copy of the agreements read before the agreement, and no notification of it
        // (one missed, or not yet arrived), so the copy is up to SharedStateVersion.CheckEvery old.
        var database = net.Hub.Service<HubDatabase>();
        var state = new SharedStateVersion(database);
        var agreements = new CachingAgreementStore(new AgreementStore(database), state);
        var cpo = new PartyKey("NL", "C22");
        Assert.DoesNotContain(await agreements.ForPartyAsync(cpo), a => a.Emsp == new PartyKey("DE", "E11"));

        // Made on the other node: its catch-up may read the Location's page before the push below commits.
        await net.Hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*C22", emsp = "DE*E11" }, 201);

        // The push holds the Location, then finds its receivers: it must find the eMSP of the agreement.
        IReadOnlyList<Core.Agreements.Agreement> found = [];
        await new DataStore(database, TimeProvider.System, state).ChangeAsync([new(DataModule.Locations, cpo, "L1")], async (_, _, _) =>
        {
            found = await agreements.ForPartyAsync(cpo);
            return null;
        });
        Assert.Contains(found, a => a.Emsp == new PartyKey("DE", "E11"));
    }

    /// <summary>
    /// While C22's agreement with E22 is suspended, and while its agreement with E30 is suspended (then ended, until a
    /// new one is made), the CPO removes T-GONE, which both had: the resumed and the new agreement each withdraw it. T-EARLY, removed
    /// while data flowed (its DELETE went then), is not withdrawn again, nor T-BRIEF, made and removed meanwhile
    /// (neither eMSP ever had it); T-KEPT is brought again as it stands.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_resumed_or_renewed_agreement_withdraws_the_tariffs_removed_meanwhile(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        foreach (var tariff in new[] { "T-EARLY", "T-GONE", "T-KEPT" })
            await net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{tariff}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-EARLY");
        await net.Hub.QueueEmptyAsync("the Tariffs and T-EARLY's removal sent");
        var (withE22, withE30) = (await net.AgreementIdAsync("NL*C22", "DE*E22"), await net.AgreementIdAsync("NL*C22", "DE*E30"));
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE30}/suspend");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-GONE");
        // Ended after the removal: E30 has had nothing since the suspension.
        await net.Hub.AdminAsync(HttpMethod.Delete, $"admin/agreements/{withE30}");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-BRIEF", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-BRIEF"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-BRIEF");
        await net.Hub.QueueEmptyAsync("nothing to send while the agreements stand still");
        var before = (E22: RoamingNetwork.Changes(net.Emsp221, "tariffs").Count, E30: RoamingNetwork.Changes(net.Emsp230, "tariffs").Count);

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await net.CaughtUpAsync(withE22);
        await net.AgreeAsync("NL*C22", "DE*E30");
        await net.Hub.QueueEmptyAsync("what the agreements bring sent");

        foreach (var (emsp, seen, version) in new[] { (net.Emsp221, before.E22, "2.2.1"), (net.Emsp230, before.E30, "2.3.0") })
        {
            Assert.Equal([("DELETE", $"/ocpi/{version}/tariffs/NL/C22/T-GONE"), ("PUT", $"/ocpi/{version}/tariffs/NL/C22/T-KEPT")],
                RoamingNetwork.Changes(emsp, "tariffs").Skip(seen).Select(r => (r.Method, r.Path)).Order());
        }
    }

    /// <summary>
    /// T-GONE, which E22 had, is removed while E22 is down; C22's agreement with E22 is suspended before E22 takes the
    /// DELETE, which the hub then gives up (no data without an active agreement): on resumption E22 gets it, as it would
    /// a removal made during the suspension, and never holds a Tariff its owner removed.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_removal_queued_before_the_suspension_and_given_up_for_it_reaches_the_emsp_on_resumption(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.2");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-GONE", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-GONE"));
        await net.Hub.QueueEmptyAsync("the Tariff sent");
        int Deletes() => net.Emsp221.Requests.Count(r => r.Method == "DELETE" && r.Path == "/ocpi/2.2.1/tariffs/NL/C22/T-GONE");
        net.Emsp221.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-GONE");
        await Eventually.UntilAsync(() => Deletes(), n => n >= 1, "the DELETE tried while E22 is down");
        var withE22 = await net.AgreementIdAsync("NL*C22", "DE*E22");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        net.Emsp221.ModuleResponder = null;
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead"),
            d => d.AsArray().Any(x => x!["receiver"]!.GetValue<string>() == "DE*E22"), "the DELETE given up for the suspension", 15_000);
        var tried = Deletes();

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await net.CaughtUpAsync(withE22);
        await net.Hub.QueueEmptyAsync("what the resumption brings sent");

        Assert.Equal(tried + 1, Deletes());
    }

    /// <summary>
    /// While C22's agreements with E22 (2.2.1) and E11 (2.1.1) are suspended, the CPO unpublishes L-OPEN, which both
    /// had, and gives T-TYPED a type a 2.1.1 eMSP cannot apply: on resumption E22 gets L-OPEN as it stands, unpublished,
    /// as E30, whose agreement went on, got it then, and E11 a DELETE of T-TYPED. E11 is not sent L-OPEN: 2.1.1 has no
    /// publish to tell it by. L-CLOSED, unpublished from the start and changed meanwhile, reaches nobody.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_resumed_agreement_withdraws_what_stopped_being_for_the_emsp_meanwhile(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        const string later = "2026-11-02T10:00:00Z";
        string Unpublished(string id, string updated = TariffJson.Updated) =>
            LocationJson.Location(OcpiVersion.V221, "NL", "C22", id, updated).Replace("\"publish\":true", "\"publish\":false");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-OPEN", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L-OPEN"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-CLOSED", Unpublished("L-CLOSED"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-TYPED", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-TYPED"));
        var withE11 = await net.AgreeAsync("NL*C22", "DE*E11");
        await net.Hub.QueueEmptyAsync("the Locations and the Tariff sent");
        var withE22 = await net.AgreementIdAsync("NL*C22", "DE*E22");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE11}/suspend");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-OPEN", Unpublished("L-OPEN", later));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-CLOSED", Unpublished("L-CLOSED", later));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-TYPED",
            TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-TYPED", "AD_HOC_PAYMENT", later));
        await net.Hub.QueueEmptyAsync("the changes sent to E30");
        static IEnumerable<RecordedRequest> Changes(SimulatedPartner emsp) => RoamingNetwork.Changes(emsp, "locations").Concat(RoamingNetwork.Changes(emsp, "tariffs"));
        var seen = net.Emsps.ToDictionary(e => e, e => Changes(e).ToHashSet());

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE11}/resume");
        await net.CaughtUpAsync(withE22);
        await net.CaughtUpAsync(withE11);
        await net.Hub.QueueEmptyAsync("what the resumptions bring sent");

        List<(string, string)> Since(SimulatedPartner emsp) =>
            [.. Changes(emsp).Where(r => !seen[emsp].Contains(r)).Select(r => (r.Method, r.Path)).Order()];
        Assert.Equal([("PUT", "/ocpi/2.2.1/locations/NL/C22/L-OPEN"), ("PUT", "/ocpi/2.2.1/tariffs/NL/C22/T-TYPED")], Since(net.Emsp221));
        var unpublished = RoamingNetwork.Changes(net.Emsp221, "locations").Last(r => r.Path.EndsWith("/L-OPEN", StringComparison.Ordinal));
        Assert.False(JsonNode.Parse(unpublished.Body)!["publish"]!.GetValue<bool>());
        Assert.Equal([("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/T-TYPED")], Since(net.Emsp211));
        Assert.Empty(Since(net.Emsp230));
        Assert.DoesNotContain(net.Emsps.SelectMany(e => RoamingNetwork.Changes(e, "locations")), r => r.Path.EndsWith("/L-CLOSED", StringComparison.Ordinal));
    }

    /// <summary>
    /// T-LATE, which E22 had, is removed right after C22's agreement with E22 is resumed, while the resumption still
    /// brings 1500 Locations (its Tariffs come after them): E22 gets its DELETE as it happens, and the withdraw of the
    /// resumption, which covers only the suspension, does not send it again.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_removal_made_after_the_resumption_is_sent_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-LATE", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-LATE"));
        await net.Hub.QueueEmptyAsync("the Tariff sent");
        var withE22 = await net.AgreementIdAsync("NL*C22", "DE*E22");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        var database = net.Hub.Service<HubDatabase>();
        var stored = DateTimeOffset.UtcNow;
        await new DataStore(database, TimeProvider.System, new SharedStateVersion(database)).SaveAsync([.. Enumerable.Range(0, 1500).Select(i =>
            new StoredObject(DataModule.Locations, new PartyKey("NL", "C22"), $"L{i:D4}", stored, LocationJson.Location(OcpiVersion.V230, "NL", "C22", $"L{i:D4}"), null, stored))]);

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-LATE");
        Assert.True(await database.CountAsync("SELECT COUNT(*) FROM agreement_catch_ups WHERE module = 'Tariffs'") > 0,
            "the Tariffs of the resumption were queued before the removal: the test shows nothing");
        await net.CaughtUpAsync(withE22);
        await net.Hub.QueueEmptyAsync("what the resumption brings sent", 60_000);

        Assert.Single(RoamingNetwork.Changes(net.Emsp221, "tariffs"), r => r.Method == "DELETE" && r.Path == "/ocpi/2.2.1/tariffs/NL/C22/T-LATE");
    }

    /// <summary>
    /// While C22's agreement with E22 is suspended, T-SKEWED, which E22 had, is removed on another node whose clock runs
    /// an hour ahead of the node that then resumes the agreement, or an hour behind the one that suspended it (its record
    /// stamped before the suspension), and the hourly cleanup of withdrawal records runs meanwhile: nobody sent E22 the
    /// removal, made while data stood still, and the resumption withdraws it however the nodes' clocks stand.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, 1)]
    [InlineData(StorageKind.Sqlite, -1)]
    [InlineData(StorageKind.PostgreSql, 1)]
    [InlineData(StorageKind.PostgreSql, -1)]
    public async Task A_removal_made_during_the_suspension_on_a_node_whose_clock_is_off_is_withdrawn(StorageKind storage, int hoursOff)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-SKEWED", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-SKEWED"));
        await net.Hub.QueueEmptyAsync("the Tariff sent");
        var withE22 = await net.AgreementIdAsync("NL*C22", "DE*E22");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        // The other node: it reads the agreement suspended, so sends E22 nothing.
        await new OtherNode(net.Hub.Service<HubDatabase>(), TimeSpan.FromHours(hoursOff)).RemoveAsync(DataModule.Tariffs, new PartyKey("NL", "C22"), "T-SKEWED");
        await new WithdrawalRetention(net.Hub.Service<IAgreementStore>(), net.Hub.Service<ICatchUpStore>(), net.Hub.Service<IPlatformStore>(),
            net.Hub.Service<JobMarkStore>(), TimeProvider.System).ForgetAsync(CancellationToken.None);

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await net.CaughtUpAsync(withE22);
        await net.Hub.QueueEmptyAsync("what the resumption brings sent");

        Assert.Single(RoamingNetwork.Changes(net.Emsp221, "tariffs"), r => r.Method == "DELETE" && r.Path == "/ocpi/2.2.1/tariffs/NL/C22/T-SKEWED");
    }

    /// <summary>
    /// PostgreSQL, two transactions at once: while C22's agreement with E22 is suspended, a push unpublishing L-RACE,
    /// which E22 had, reads the shared state version (the agreement suspended: E22 is sent nothing) and is held before
    /// it commits (the test holds the table of withdrawal records, which the push writes last); the agreement is
    /// resumed meanwhile. The resumption waits for the push to commit, and its withdraw sends E22 L-RACE as it stands,
    /// unpublished. Were it not to wait, its withdraw would read the records before the push's and E22 would keep
    /// L-RACE published. SQLite has no such interleaving: a push holds the one write lock from before it reads the
    /// version until it commits.
    /// </summary>
    [Fact]
    public async Task A_push_that_read_the_state_before_a_resumption_and_commits_after_it_is_withdrawn()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.PostgreSql);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-RACE", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L-RACE"));
        await net.Hub.QueueEmptyAsync("the Location sent");
        var withE22 = await net.AgreementIdAsync("NL*C22", "DE*E22");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        var database = net.Hub.Service<HubDatabase>();
        const string here = "database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        await using var holder = await database.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("LOCK TABLE stopped_reaching IN EXCLUSIVE MODE", transaction: holding);

        var push = net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L-RACE",
            LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L-RACE", "2026-11-02T10:00:00Z").Replace("\"publish\":true", "\"publish\":false"));
        await Eventually.UntilAsync(() => database.CountAsync($"""
            SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.{here} AND c.relname = 'stopped_reaching' AND NOT l.granted
            """), n => n == 1, "the push held before it commits");
        var resume = net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        // The resumption waits for the push (for the writers' lock), or has committed and withdrawn the Locations without it.
        await Eventually.UntilAsync(async () => await database.CountAsync($"""
                SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND {here} AND NOT granted AND objsubid = 1
                    AND ((classid::bigint << 32) | objid::bigint) = @key
                """, new { key = SharedStateVersion.WritersLock }) > 0
            || (resume.IsCompleted && await database.CountAsync(
                "SELECT COUNT(*) FROM agreement_catch_ups WHERE agreement_id = @withE22 AND module = 'Locations' AND withdraw_since IS NOT NULL", new { withE22 }) == 0),
            waited => waited, "the resumption waiting for the push, or its withdraw of Locations run");
        await holding.RollbackAsync();
        await push;
        await resume;
        await net.CaughtUpAsync(withE22);
        await net.Hub.QueueEmptyAsync("what the resumption brings sent");

        var last = RoamingNetwork.Changes(net.Emsp221, "locations").Last(r => r.Path == "/ocpi/2.2.1/locations/NL/C22/L-RACE");
        Assert.False(JsonNode.Parse(last.Body)!["publish"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_resumption_and_a_suspension_at_once_never_wait_for_each_other_in_a_circle()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.PostgreSql);
        var (withE22, withE30) = (await net.AgreementIdAsync("NL*C22", "DE*E22"), await net.AgreementIdAsync("NL*C22", "DE*E30"));
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/suspend");
        var database = net.Hub.Service<HubDatabase>();
        Task<long> WaitingForWritersLockAsync() => database.CountAsync("""
            SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ((classid::bigint << 32) | objid::bigint) = @key
            """, new { key = SharedStateVersion.WritersLock });

        // The writers' lock held here, as by a change before them: a suspension queues for it first, then a resumption,
        // which withdraws. Each must take it before the version's row (the resumption's agreement trigger locks that row).
        await using var holder = await database.OpenAsync();
        await holder.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key = SharedStateVersion.WritersLock });
        var suspension = net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE30}/suspend");
        await Eventually.UntilAsync(WaitingForWritersLockAsync, n => n == 1, "the suspension waiting for the writers' lock");
        var resumption = net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE22}/resume");
        await Eventually.UntilAsync(WaitingForWritersLockAsync, n => n == 2, "the resumption waiting for the writers' lock");
        await holder.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = SharedStateVersion.WritersLock });

        await suspension;
        await resumption;
        Assert.Equal(["ACTIVE", "SUSPENDED"], [await StatusAsync(withE22), await StatusAsync(withE30)]);

        async Task<string> StatusAsync(string id) => (await net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray()
            .Single(a => a!["id"]!.GetValue<string>() == id)!["status"]!.GetValue<string>();
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
