using System.Globalization;
using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Data;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Sync;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// One visibility rule for pushes and pulls, every version: what a receiver is not pushed (an unpublished Location
/// it may not see, a typed Tariff a 2.1.1 eMSP would misapply) is not in its pages or single GETs either, and what
/// it is pushed is. On SQLite and PostgreSQL.
/// </summary>
public class VisibilityThroughTheHubTests
{
    /// <summary>
    /// C22 (2.2.1) publishes PUB, and keeps three Locations unpublished: FOR-E22 for E22's token, FOR-E30 for
    /// E30's card (by visual number and issuer), FOR-NOBODY for a group no token of the hub's is in; and FOR-E11-E22
    /// names E11's token and E22's (its uid in other letter case): E22 sees it, E11 (2.1.1, which cannot keep it from
    /// its other drivers) never does.
    /// Every eMSP has an agreement with C22 (E11 by <see cref="RoamingNetwork.StartChargingAsync"/>), which also pushed LOC22.
    /// </summary>
    private static readonly Dictionary<string, string[]> LocationsSeenBy = new()
    {
        ["E11"] = ["LOC22", "PUB"],
        ["E22"] = ["LOC22", "PUB", "FOR-E22", "FOR-E11-E22"],
        ["E30"] = ["LOC22", "PUB", "FOR-E30"],
    };

    private static readonly string[] Hidden = ["FOR-E22", "FOR-E30", "FOR-NOBODY", "FOR-E11-E22"];

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_unpublished_location_reaches_pushed_paged_and_single_only_the_emsps_whose_tokens_it_names(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        // E30 pushes a card with a visual number to the hub's Tokens module (C11 and C22 get it).
        var card = JsonNode.Parse(TokenJson.Token(OcpiVersion.V230, "DE", "E30", "CARD30"))!.AsObject();
        card["visual_number"] = "DE-E30-C1-VISUAL";
        await net.SendOkAsync(net.Emsp230, HttpMethod.Put, "receiver/tokens/DE/E30/CARD30?type=RFID", card.ToJsonString());
        await PutLocationAsync(net, "PUB", null);
        await PutLocationAsync(net, "FOR-E22", """[{"uid":"UID-DE-E22-C1","type":"RFID"}]""");
        await PutLocationAsync(net, "FOR-E30", """[{"visual_number":"DE-E30-C1-VISUAL","issuer":"Mobility E30"}]""");
        await PutLocationAsync(net, "FOR-NOBODY", """[{"group_id":"NO-SUCH-GROUP"}]""");
        await PutLocationAsync(net, "FOR-E11-E22", """[{"uid":"UID-DE-E11-C1","type":"RFID"},{"uid":"uid-de-e22-c1","type":"RFID"}]""");
        // A change below an unpublished Location follows the Location's audience.
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/FOR-E22/FOR-E22-E1",
            """{"status":"CHARGING","last_updated":"2026-11-02T10:00:00Z"}""");

        foreach (var emsp in net.Emsps)
        {
            var name = emsp.Options.Parties[0].PartyId;
            var expected = LocationsSeenBy[name];
            var wantsPatch = name == "E22" ? 1 : 0;
            var pushes = await Eventually.UntilAsync(() => PushedLocations(emsp), p => p.Count >= expected.Length + wantsPatch, $"the Locations for {name}");
            await Task.Delay(300);
            pushes = PushedLocations(emsp);
            Assert.Equal(expected.Order(), pushes.Where(p => p.Method == "PUT").Select(p => p.Id).Order());
            Assert.Equal(wantsPatch, pushes.Count(p => p.Method == "PATCH"));

            // Pages of one: every page holds one Location and links to the next while any is left for this reader; a
            // client counting its own offsets gets the same, as an offset counts only what the reader may see.
            Assert.Equal(expected, await PagesOfOneAsync(net, emsp, "locations"));
            Assert.Equal(expected, await OffsetPagesOfOneAsync(net, emsp, "locations"));
            // One page of all: its unpublished Locations are judged together, each by its own entries.
            Assert.Equal(expected, (await net.PagesAsync(emsp, "locations", "id", "limit=100")).SelectMany(page => page).Where(id => id != "LOC11"));

            foreach (var id in expected.Concat(Hidden).Distinct())
            {
                var visible = expected.Contains(id);
                Assert.True(visible == await SingleFoundAsync(net, emsp, id), $"{name} GET {id}: expected {(visible ? "found" : "unknown")}");
                if (id.StartsWith("FOR-", StringComparison.Ordinal))
                    Assert.True(visible == await SingleFoundAsync(net, emsp, $"{id}/{id}-E1/1"), $"{name} GET a connector of {id}");
            }
        }
    }

    /// <summary>
    /// A client's own offset and <c>X-Total-Count</c> leave out what the reader may not see, as Locations are
    /// unpublished, published again and unpublished by a PATCH, for Locations stored before the hub kept its index of
    /// those that may be unpublished (migration 0041), and for those a node of that build wrote, once written again: an
    /// offset skipped in the index makes up for each hidden one it skipped.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_clients_offset_and_the_total_count_leave_out_the_locations_the_reader_may_not_see(StorageKind storage)
    {
        await using var net = await StartSendingTotalCountsAsync(storage);
        await PutLocationAsync(net, "H-NOBODY", """[{"group_id":"NO-SUCH-GROUP"}]""");
        await PutLocationAsync(net, "A", null);
        await PutLocationAsync(net, "H-E22", """[{"uid":"UID-DE-E22-C1","type":"RFID"}]""");
        await PutLocationAsync(net, "B", null);
        await PutLocationAsync(net, "C", null);
        await AssertOffsetsAndCountsAsync(net, ["A", "B", "C"], ["A", "H-E22", "B", "C"]);

        await PutLocationAsync(net, "H-NOBODY", null);
        await PutLocationAsync(net, "B", """[{"group_id":"NO-SUCH-GROUP"}]""");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/A",
            """{"publish":false,"publish_allowed_to":[{"uid":"UID-DE-E22-C1","type":"RFID"}],"last_updated":"2026-11-02T10:00:00Z"}""");
        await AssertOffsetsAndCountsAsync(net, ["H-NOBODY", "C"], ["H-NOBODY", "A", "H-E22", "C"]);
        // Published again: out of the index, where it would cost a reading of its body for each offset and count.
        var database = net.Hub.Service<HubDatabase>();
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM unpublished_locations WHERE object_key = 'H-NOBODY'"));
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM unpublished_locations WHERE object_key = 'B'"));

        // As a hub of the build before migration 0041 left them.
        await database.ExecuteWriteAsync("DROP TABLE unpublished_locations", null);
        await database.ExecuteWriteAsync("DELETE FROM schema_migrations WHERE version = 41", null);
        await Migrator.MigrateAsync(database);
        await AssertOffsetsAndCountsAsync(net, ["H-NOBODY", "C"], ["H-NOBODY", "A", "H-E22", "C"]);

        // As a node of that build leaves Locations it unpublishes: the next write of each makes its row.
        await database.ExecuteWriteAsync("DELETE FROM unpublished_locations", null);
        foreach (var id in new[] { "A", "H-E22", "B" })
            await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, $"receiver/locations/NL/C22/{id}", """{"name":"renamed","last_updated":"2026-11-03T10:00:00Z"}""");
        await AssertOffsetsAndCountsAsync(net, ["H-NOBODY", "C"], ["H-NOBODY", "A", "H-E22", "C"]);
    }

    /// <summary>
    /// More Locations hidden from the reader before an offset, and in all, than a page of the largest size holds: each
    /// is counted, and none the reader may see. C22 stores 1,200 unpublished Locations (E22 may see 120 of them), then
    /// 1,200 published ones.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_offset_past_more_hidden_locations_than_a_page_holds_counts_every_one(StorageKind storage)
    {
        await using var net = await StartSendingTotalCountsAsync(storage);
        var owner = new PartyKey("NL", "C22");
        var at = DateTimeOffset.UtcNow;
        await net.Hub.Service<IDataStore>().SaveAsync([.. Enumerable.Range(0, 2400).Select(i =>
        {
            var location = JsonNode.Parse(LocationJson.Location(OcpiVersion.V230, "NL", "C22", $"S{i:D4}"))!.AsObject();
            if (i < 1200)
            {
                location["publish"] = false;
                location["publish_allowed_to"] = JsonNode.Parse(i % 10 == 1 ? """[{"uid":"UID-DE-E22-C1","type":"RFID"}]""" : "[]");
            }
            return new StoredObject(DataModule.Locations, owner, $"S{i:D4}", at, location.ToJsonString(), null, at.AddMilliseconds(i));
        })]);

        foreach (var reader in new[] { net.Emsp230, net.Emsp221 })
        {
            var all = await net.PullAllAsync(reader, "locations", "id", "limit=1000");
            Assert.Equal(reader == net.Emsp230 ? 1200 : 1200 + 120, all.Count(id => id.StartsWith('S')));
            foreach (var offset in new[] { 0, 1, 1100, 1199, 1200, all.Count - 1, all.Count })
            {
                using var response = await reader.SendToHubAsync(HttpMethod.Get,
                    $"{net.Hub.BaseUrl}/ocpi/{reader.Options.Version.ToWire()}/sender/locations?offset={offset}&limit=2");
                var page = (await Partners.EnvelopeAsync(response))["data"]!.AsArray().Select(l => l!["id"]!.GetValue<string>());
                Assert.Equal(all.Skip(offset).Take(2), page);
                Assert.Equal(all.Count.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
            }
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_a_2_1_1_emsp_is_not_pushed_is_not_in_its_pages_either(StorageKind storage)
    {
        await using var net = await StartSendingTotalCountsAsync(storage);
        foreach (var (id, type) in new[] { ("T-ADHOC", "AD_HOC_PAYMENT"), ("T-REGULAR", "REGULAR"), ("T-PROFILE", "PROFILE_GREEN") })
            await net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{id}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", id, type));

        await net.AssertNothingMoreAsync("tariffs", (net.Emsp211, 1), (net.Emsp221, 3), (net.Emsp230, 3));
        Assert.Equal("/ocpi/2.1.1/tariffs/NL/C22/T-REGULAR", RoamingNetwork.Received(net.Emsp211, "tariffs").Single().Path);
        Assert.Equal(["T-REGULAR"], await PagesOfOneAsync(net, net.Emsp211, "tariffs"));
        Assert.Equal(["T-REGULAR"], await OffsetPagesOfOneAsync(net, net.Emsp211, "tariffs"));
        foreach (var (emsp, count) in new[] { (net.Emsp211, "1"), (net.Emsp221, "3") })
        {
            using var page = await emsp.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/sender/tariffs?offset=1&limit=1");
            Assert.Equal(count, page.Headers.GetValues("X-Total-Count").Single());
        }
        Assert.Equal(["T-ADHOC", "T-REGULAR", "T-PROFILE"], await PagesOfOneAsync(net, net.Emsp221, "tariffs"));
        Assert.Equal(["T-ADHOC", "T-REGULAR", "T-PROFILE"], await PagesOfOneAsync(net, net.Emsp230, "tariffs"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_emsp_moving_from_2_1_1_to_2_2_1_is_brought_the_tariffs_2_1_1_could_not_carry(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-ADHOC", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-ADHOC", "AD_HOC_PAYMENT"));
        await net.AssertNothingMoreAsync("tariffs", (net.Emsp211, 0), (net.Emsp221, 1), (net.Emsp230, 1));

        // The eMSP's platform moves to 2.2.1 (a new server of the same party) by a credentials PUT.
        var party = Commands.CommandNetwork.Key(net.Emsp211);
        await using var moved = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", party.PartyId, party.CountryCode));
        var credentials = $$$"""
            {"token":"{{{moved.IssueTokenA()}}}","url":"{{{moved.VersionsUrl}}}",
             "roles":[{"role":"EMSP","party_id":"{{{party.PartyId}}}","country_code":"{{{party.CountryCode}}}","business_details":{"name":"moved"}}]}
            """;
        var put = await Partners.EnvelopeAsync(await net.Emsp211.SendToHubAsync(HttpMethod.Put, $"{net.Hub.BaseUrl}/ocpi/2.2.1/credentials", credentials));
        Assert.True(put["status_code"]!.GetValue<int>() == 1000, $"credentials PUT: {put}");

        var pushed = await Eventually.UntilAsync(() => RoamingNetwork.Received(moved, "tariffs"), r => r.Count >= 1, "the ad hoc Tariff at the moved eMSP");
        Assert.Equal("/ocpi/2.2.1/tariffs/NL/C22/T-ADHOC", Assert.Single(pushed).Path);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_a_patch_publishes_reaches_those_it_was_hidden_from_whole(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "LATER", """[{"uid":"UID-DE-E22-C1","type":"RFID"}]""");
        await Eventually.UntilAsync(() => PushedLocations(net.Emsp221), p => p.Contains(("PUT", "LATER")), "the unpublished Location at E22");

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/LATER",
            """{"publish":true,"publish_allowed_to":[],"last_updated":"2026-11-02T10:00:00Z"}""");

        // E22 had it: the PATCH. E30 and E11 had nothing: the whole Location.
        await Eventually.UntilAsync(() => PushedLocations(net.Emsp221), p => p.Contains(("PATCH", "LATER")), "the PATCH at E22");
        foreach (var emsp in new[] { net.Emsp230, net.Emsp211 })
        {
            var pushed = await Eventually.UntilAsync(() => RoamingNetwork.Changes(emsp, "locations").Where(r => r.Path.EndsWith("/NL/C22/LATER", StringComparison.Ordinal)).ToList(),
                p => p.Count >= 1, $"LATER at {emsp.Options.Parties[0].PartyId}");
            Assert.Equal("PUT", Assert.Single(pushed).Method);
            Assert.Equal("LATER", JsonNode.Parse(pushed[0].Body)!["id"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_patch_publishing_a_location_that_still_names_the_tokens_allowed_is_refused_and_reaches_nobody(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "NAMES-E22", """[{"uid":"UID-DE-E22-C1","type":"RFID"}]""");
        await Eventually.UntilAsync(() => PushedLocations(net.Emsp221), p => p.Contains(("PUT", "NAMES-E22")), "the unpublished Location at E22");

        // Valid by itself, the PATCH would leave a Location both published and naming E22's token: OCPI allows the list
        // only while unpublished, and every eMSP would be sent E22's driver's token.
        using var response = await net.SendAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/NAMES-E22",
            """{"publish":true,"last_updated":"2026-11-02T10:00:00Z"}""");
        var envelope = await Partners.EnvelopeAsync(response);

        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("publish_allowed_to", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.DoesNotContain(PushedLocations(net.Emsp230), p => p.Id == "NAMES-E22");
        Assert.DoesNotContain(PushedLocations(net.Emsp221), p => p == ("PATCH", "NAMES-E22"));
        Assert.False(await SingleFoundAsync(net, net.Emsp230, "NAMES-E22"));
    }

    /// <summary>
    /// OCPI allows <c>publish_allowed_to</c> only while <c>publish</c> is false: a whole Location, in 2.2.1 or 2.3.0,
    /// published and naming tokens is refused with 2001 naming the field (the CPO meant one of the two, and the hub
    /// cannot tell which), stored nowhere, sent to nobody. An empty list is no contradiction.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_published_location_naming_the_tokens_allowed_is_refused_and_reaches_nobody(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await using var cpo230 = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "C30"));
        await Partners.ConnectAsync(net.Hub, cpo230, Initiator.Partner);
        await net.AgreeAsync("NL*C30", "DE*E22");
        foreach (var (cpo, version, party) in new[] { (net.Cpo221, OcpiVersion.V221, "C22"), (cpo230, OcpiVersion.V230, "C30") })
        {
            var location = JsonNode.Parse(LocationJson.Location(version, "NL", party, "BOTH"))!.AsObject();
            location["publish_allowed_to"] = JsonNode.Parse("""[{"uid":"UID-DE-E22-C1","type":"RFID"}]""");
            using var response = await net.SendAsync(cpo, HttpMethod.Put, $"receiver/locations/NL/{party}/BOTH", location.ToJsonString());
            var envelope = await Partners.EnvelopeAsync(response);

            Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
            Assert.Contains("publish_allowed_to: only allowed when publish is false", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
            location["publish_allowed_to"] = new JsonArray();
            location["id"] = "EMPTY-LIST";
            await net.SendOkAsync(cpo, HttpMethod.Put, $"receiver/locations/NL/{party}/EMPTY-LIST", location.ToJsonString());
        }
        await net.Hub.QueueEmptyAsync("the Location with an empty list sent");
        Assert.All(net.Emsps, emsp => Assert.DoesNotContain(RoamingNetwork.Changes(emsp, "locations"), r => r.Path.EndsWith("/BOTH", StringComparison.Ordinal)));
        Assert.Contains(RoamingNetwork.Changes(net.Emsp221, "locations"), r => r.Path.EndsWith("/NL/C30/EMPTY-LIST", StringComparison.Ordinal));
        Assert.False(await SingleFoundAsync(net, net.Emsp221, "BOTH"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_a_patch_unpublishes_reaches_those_it_is_hidden_from_now_so_they_hide_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "SOON-HIDDEN", null);
        foreach (var emsp in net.Emsps)
            await Eventually.UntilAsync(() => PushedLocations(emsp), p => p.Contains(("PUT", "SOON-HIDDEN")), $"the Location at {emsp.Options.Parties[0].PartyId}");

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/SOON-HIDDEN",
            """{"publish":false,"publish_allowed_to":[{"uid":"UID-DE-E22-C1","type":"RFID"}],"last_updated":"2026-11-02T10:00:00Z"}""");

        // E22 may still see it; E30 may not, and is told by the same change; E11 (2.1.1) has no way to be told.
        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            var patch = await Eventually.UntilAsync(() => RoamingNetwork.Changes(emsp, "locations").Where(r => r.Method == "PATCH" && r.Path.EndsWith("/SOON-HIDDEN", StringComparison.Ordinal)).ToList(),
                p => p.Count == 1, $"the PATCH at {emsp.Options.Parties[0].PartyId}");
            Assert.False(JsonNode.Parse(patch[0].Body)!["publish"]!.GetValue<bool>());
        }
        await Task.Delay(300);
        Assert.DoesNotContain(PushedLocations(net.Emsp211), p => p == ("PATCH", "SOON-HIDDEN"));
    }

    /// <summary>
    /// A receiver behind on a Location (at once here: <c>Hub:DeliveryCollapseAfterSeconds</c> 0) is sent its latest state
    /// instead of the changes it missed, but not E11 (2.1.1) once the Location is unpublished for it: that state would
    /// show it, unmarked, a Location its drivers may not use. E11 gets the EVSE's changes, and nothing of the
    /// unpublishing change (10:05).
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_behind_on_a_location_unpublished_meanwhile_is_not_sent_its_hidden_state(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage, "--Hub:DeliveryCollapseAfterSeconds=0");
        await PutLocationAsync(net, "SOON-HIDDEN", null);
        await net.Hub.QueueEmptyAsync("the Location delivered");

        var held = new TaskCompletionSource();
        net.Emsp211.ModulesHeldUntil = held.Task;
        foreach (var (status, minute) in new[] { ("CHARGING", 1), ("AVAILABLE", 2), ("CHARGING", 3) })
        {
            await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/SOON-HIDDEN/SOON-HIDDEN-E1",
                $$"""{"status":"{{status}}","last_updated":"2026-11-02T10:0{{minute}}:00Z"}""");
        }
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/SOON-HIDDEN",
            """{"publish":false,"publish_allowed_to":[{"uid":"UID-DE-E22-C1","type":"RFID"}],"last_updated":"2026-11-02T10:05:00Z"}""");
        net.Emsp211.ModulesHeldUntil = null;
        held.SetResult();
        await net.Hub.QueueEmptyAsync("an empty queue");

        var received = RoamingNetwork.Changes(net.Emsp211, "locations").Where(r => r.Path.Contains("/NL/C22/SOON-HIDDEN", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(received, r => r.Body.Contains("10:05:00", StringComparison.Ordinal));
        var last = JsonNode.Parse(received[^1].Body)!;
        var evse = received[^1].Method == "PUT" ? last["evses"]![0]! : last;
        Assert.Equal(("CHARGING", "2026-11-02T10:03:00Z"), (evse["status"]!.GetValue<string>(), evse["last_updated"]!.GetValue<string>()));
    }

    /// <summary>
    /// FOR-LATER names a token of E22's and a card of E30's (by visual number and issuer) that neither has pushed yet:
    /// it reaches nobody. Each eMSP pushing its token (E22's uid in lower case: uids compare without case) is brought the
    /// whole Location at once, not at its next change; E11, whose token it does not name, is not. A token pushed
    /// again as it was brings nothing more.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_token_pushed_after_an_unpublished_location_naming_it_brings_its_emsp_the_location(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "FOR-LATER", """[{"uid":"LATER-E22","type":"RFID"},{"visual_number":"DE-E30-LATER","issuer":"Mobility E30"}]""");
        await net.Hub.QueueEmptyAsync("the unpublished Location stored");
        Assert.All(net.Emsps, emsp => Assert.DoesNotContain(PushedLocations(emsp), p => p.Id == "FOR-LATER"));

        var e22Token = TokenJson.Token(OcpiVersion.V221, "DE", "E22", "later-e22");
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/later-e22?type=RFID", e22Token);
        var card = JsonNode.Parse(TokenJson.Token(OcpiVersion.V230, "DE", "E30", "CARD-LATER"))!.AsObject();
        card["visual_number"] = "DE-E30-LATER";
        await net.SendOkAsync(net.Emsp230, HttpMethod.Put, "receiver/tokens/DE/E30/CARD-LATER?type=RFID", card.ToJsonString());
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/later-e22?type=RFID", e22Token);

        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            var pushed = await Eventually.UntilAsync(() => RoamingNetwork.Changes(emsp, "locations").Where(r => r.Path.EndsWith("/NL/C22/FOR-LATER", StringComparison.Ordinal)).ToList(),
                p => p.Count >= 1, $"FOR-LATER at {emsp.Options.Parties[0].PartyId}");
            Assert.Equal("PUT", pushed[0].Method);
            Assert.Equal("FOR-LATER", JsonNode.Parse(pushed[0].Body)!["id"]!.GetValue<string>());
        }
        await net.Hub.QueueEmptyAsync("the tokens and what they bring sent");
        Assert.Single(PushedLocations(net.Emsp221), p => p.Id == "FOR-LATER");
        Assert.Single(PushedLocations(net.Emsp230), p => p.Id == "FOR-LATER");
        Assert.DoesNotContain(PushedLocations(net.Emsp211), p => p.Id == "FOR-LATER");

        // A Location that names another token now is found by that one only.
        await PutLocationAsync(net, "RENAMED", """[{"uid":"OLD-E22","type":"RFID"}]""");
        await PutLocationAsync(net, "RENAMED", """[{"uid":"NEW-E22","type":"RFID"}]""");
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/OLD-E22?type=RFID", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "OLD-E22"));
        await net.Hub.QueueEmptyAsync("the old token sent");
        Assert.DoesNotContain(PushedLocations(net.Emsp221), p => p.Id == "RENAMED");
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/NEW-E22?type=RFID", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "NEW-E22"));
        await Eventually.UntilAsync(() => PushedLocations(net.Emsp221), p => p.Contains(("PUT", "RENAMED")), "RENAMED at E22");
    }

    /// <summary>
    /// What the hub keeps of an unpublished Location between readings (the entries its body allows) meets the tokens
    /// as they stand at each reading: E22 reads C22's Locations before its card is stored, after, and after the card's
    /// issuer changes so that the entry no longer matches it; its pages, offsets and single GETs follow each time,
    /// though the Location never changed.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_pages_of_an_unpublished_location_follow_the_tokens_it_allows_as_they_change(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "FOR-CARD", """[{"uid":"CARD-E22","type":"RFID","issuer":"Mobility E22"}]""");
        await AssertE22SeesAsync(false);
        // Its entries are kept from the first reading on: the readings after read no body of it.
        var stored = await net.Hub.Service<IDataStore>().FindAsync(DataModule.Locations, new PartyKey("NL", "C22"), "FOR-CARD");
        Assert.NotNull(net.Hub.Service<WireForms>().Of(DataModule.Locations, new ObjectStamp(stored!.Position, stored.RowVersion))?.Terms);

        var card = JsonNode.Parse(TokenJson.Token(OcpiVersion.V221, "DE", "E22", "CARD-E22"))!.AsObject();
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/CARD-E22?type=RFID", card.ToJsonString());
        await AssertE22SeesAsync(true);

        card["issuer"] = "Another issuer";
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/CARD-E22?type=RFID", card.ToJsonString());
        await AssertE22SeesAsync(false);

        async Task AssertE22SeesAsync(bool sees)
        {
            string[] expected = sees ? ["LOC22", "FOR-CARD"] : ["LOC22"];
            Assert.Equal(expected, await PagesOfOneAsync(net, net.Emsp221, "locations"));
            Assert.Equal(expected, await OffsetPagesOfOneAsync(net, net.Emsp221, "locations"));
            Assert.Equal(sees, await SingleFoundAsync(net, net.Emsp221, "FOR-CARD"));
        }
    }

    /// <summary>
    /// Round after round, C22 pushes an unpublished Location naming a new token of E22's while E22 pushes that token,
    /// at the same moment: whichever of the two the hub writes first, the other finds it, and E22 gets every Location.
    /// Half the Locations are stored before, naming nobody, and come to name the token by a PATCH.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_and_the_token_it_names_pushed_at_once_bring_its_emsp_the_location(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        var ids = Enumerable.Range(1, 60).Select(i => $"AT-ONCE-{i}").ToList();
        var patched = ids.Where((_, i) => i % 2 == 1).ToHashSet();
        foreach (var id in patched)
            await PutLocationAsync(net, id, "[]");
        foreach (var id in ids)
        {
            var allowedTo = $$"""[{"uid":"{{id}}-E22","type":"RFID"}]""";
            Task location = patched.Contains(id)
                ? net.SendOkAsync(net.Cpo221, HttpMethod.Patch, $"receiver/locations/NL/C22/{id}",
                    $$"""{"publish_allowed_to":{{allowedTo}},"last_updated":"2026-11-02T10:00:00Z"}""")
                : PutLocationAsync(net, id, allowedTo);
            await Task.WhenAll(location, net.SendOkAsync(net.Emsp221, HttpMethod.Put, $"receiver/tokens/DE/E22/{id}-E22?type=RFID",
                TokenJson.Token(OcpiVersion.V221, "DE", "E22", $"{id}-E22")));
        }

        await net.Hub.QueueEmptyAsync("the Locations and tokens sent");
        var missed = ids.Except(PushedLocations(net.Emsp221).Where(p => p.Method == "PUT").Select(p => p.Id)).ToList();
        Assert.True(missed.Count == 0, $"E22 never got {string.Join(", ", missed)}");
    }

    /// <summary>
    /// FOR-FLEET names E22's fleet by group id. A pulled page of three new tokens of that fleet (and two of another,
    /// which FOR-OTHERS names) brings E22 each Location once, not once a token.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_pulled_page_of_tokens_of_a_named_group_brings_the_location_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartChargingAsync(storage);
        await PutLocationAsync(net, "FOR-FLEET", """[{"group_id":"FLEET-E22"}]""");
        await PutLocationAsync(net, "FOR-OTHERS", """[{"group_id":"OTHERS-E22"}]""");
        await net.Hub.QueueEmptyAsync("the unpublished Locations stored");
        foreach (var (uid, group) in new[] { ("F1", "FLEET-E22"), ("F2", "fleet-e22"), ("F3", "FLEET-E22"), ("O1", "OTHERS-E22"), ("O2", "OTHERS-E22") })
        {
            var token = JsonNode.Parse(TokenJson.Token(OcpiVersion.V221, "DE", "E22", uid))!.AsObject();
            token["group_id"] = group;
            net.Emsp221.Sender("tokens").Put(token.ToJsonString());
        }

        await SyncAdmin.RunAsync(net.Hub, "E22", "tokens");

        await net.Hub.QueueEmptyAsync("the tokens and what they bring sent");
        Assert.Single(PushedLocations(net.Emsp221), p => p == ("PUT", "FOR-FLEET"));
        Assert.Single(PushedLocations(net.Emsp221), p => p == ("PUT", "FOR-OTHERS"));
        Assert.All(new[] { net.Emsp211, net.Emsp230 }, emsp => Assert.DoesNotContain(PushedLocations(emsp), p => p.Id.StartsWith("FOR-", StringComparison.Ordinal)));
    }

    private static Task PutLocationAsync(RoamingNetwork net, string id, string? publishAllowedTo)
    {
        var location = JsonNode.Parse(LocationJson.Location(OcpiVersion.V221, "NL", "C22", id))!.AsObject();
        if (publishAllowedTo is not null)
        {
            location["publish"] = false;
            location["publish_allowed_to"] = JsonNode.Parse(publishAllowedTo);
        }
        return net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/locations/NL/C22/{id}", location.ToJsonString());
    }

    /// <summary>The Location pushes of C22 that reached <paramref name="emsp"/>: method and Location id.</summary>
    private static List<(string Method, string Id)> PushedLocations(SimulatedPartner emsp) =>
        RoamingNetwork.Changes(emsp, "locations").Where(r => r.Path.Contains("/NL/C22/", StringComparison.Ordinal))
            .Select(r => (r.Method, Id: r.Path.Split("/NL/C22/")[1].Split('/')[0])).ToList();

    /// <summary>Every page of the hub's sender interface, one object a page; a page that is empty or links on after the last object fails.</summary>
    private static async Task<List<string>> PagesOfOneAsync(RoamingNetwork net, SimulatedPartner reader, string module)
    {
        var pages = await net.PagesAsync(reader, module, "id", "limit=1");
        Assert.All(pages, page => Assert.Single(page));
        return pages.SelectMany(page => page).Where(id => id != "LOC11").ToList();
    }

    /// <summary>The network of <see cref="RoamingNetwork.StartChargingAsync"/>, every platform sent <c>X-Total-Count</c>.</summary>
    private static async Task<RoamingNetwork> StartSendingTotalCountsAsync(StorageKind storage)
    {
        var net = await RoamingNetwork.StartChargingAsync(storage);
        foreach (var platform in (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray())
            await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform!["id"]}", new { settings = new { total_count_header = true } });
        return net;
    }

    /// <summary>
    /// For each eMSP, what it sees of C22's Locations among those named here (E30 <paramref name="seenByE30"/>, E22
    /// <paramref name="seenByE22"/>, E11 what E30 does): the same by <c>Link</c> and by offset, and the total count is
    /// the number of objects of every owner the <c>Link</c> walk returned.
    /// </summary>
    private static async Task AssertOffsetsAndCountsAsync(RoamingNetwork net, string[] seenByE30, string[] seenByE22)
    {
        string[] named = ["H-NOBODY", "A", "H-E22", "B", "C"];
        foreach (var (emsp, seen) in new[] { (net.Emsp230, seenByE30), (net.Emsp221, seenByE22), (net.Emsp211, seenByE30) })
        {
            var byLink = (await net.PagesAsync(emsp, "locations", "id", "limit=1")).SelectMany(page => page).ToList();
            Assert.Equal(seen, byLink.Where(named.Contains));
            Assert.Equal(byLink, await OffsetPagesOfOneAsync(net, emsp, "locations", includeOthers: true));
            using var response = await emsp.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/sender/locations?offset=2&limit=1");
            Assert.Equal(byLink.Count.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        }
    }

    /// <summary>Pages of one asked for by <c>offset</c> 0, 1, 2 … (no <c>Link</c> followed) until one is empty.</summary>
    private static async Task<List<string>> OffsetPagesOfOneAsync(RoamingNetwork net, SimulatedPartner reader, string module, bool includeOthers = false)
    {
        var ids = new List<string>();
        for (var offset = 0; offset < 20; offset++)
        {
            var page = (await net.PagesAsync(reader, module, "id", $"offset={offset}&limit=1", maxPages: 1)).Single();
            if (page.Count == 0)
                break;
            ids.Add(Assert.Single(page));
        }
        return ids.Where(id => includeOthers || id != "LOC11").ToList();
    }

    /// <summary>Whether the hub's sender interface answers <paramref name="path"/> (below C22's Locations) with an object.</summary>
    private static async Task<bool> SingleFoundAsync(RoamingNetwork net, SimulatedPartner reader, string path)
    {
        using var response = await net.SendAsync(reader, HttpMethod.Get, $"sender/locations/{path}", null,
            ("OCPI-from-country-code", "DE"), ("OCPI-from-party-id", reader.Options.Parties[0].PartyId),
            ("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "C22"));
        var status = (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>();
        Assert.True(status is 1000 or 2003, $"GET {path}: {status}");
        return status == 1000;
    }
}
