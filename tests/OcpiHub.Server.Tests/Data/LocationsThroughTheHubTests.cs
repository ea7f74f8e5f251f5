using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Locations end to end over real HTTP: CPOs of 2.1.1 and 2.2.1 push, eMSPs of 2.1.1, 2.2.1 and 2.3.0 receive
/// exactly what their agreements allow, each in its own version, URL shape and headers, and pull pages of the
/// hub's copy. On SQLite and PostgreSQL.
/// </summary>
public class LocationsThroughTheHubTests
{
    private static IReadOnlyList<RecordedRequest> LocationPushes(SimulatedPartner partner) =>
        partner.CheckedRequests().Where(r => r.Method is "PUT" or "PATCH" && r.Path.Contains("/locations/", StringComparison.Ordinal)).ToList();

    private static Task<IReadOnlyList<RecordedRequest>> PushesAsync(SimulatedPartner partner, int count) =>
        Eventually.UntilAsync(() => LocationPushes(partner), p => p.Count >= count, $"{count} location pushes at {partner.Options.Parties[0].PartyId}");

    private static async Task<HttpResponseMessage> PushAsync(SimulatedPartner cpo, HubUnderTest hub, HttpMethod method, string path, string body,
        params (string Name, string Value)[] headers)
    {
        var version = cpo.Options.Version.ToWire();
        var request = new HttpRequestMessage(method, $"{hub.BaseUrl}/ocpi/{version}/receiver/locations/{path}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return await cpo.SendToHubAsync(request);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_push_reaches_exactly_the_agreed_emsps_each_in_its_own_version(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var e11Platform = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray().Single(p => p!["name"]!.GetValue<string>() == "EMSP E11")!;
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{e11Platform["id"]}", new { settings = new { v211_rewrite_owner_names = true } });

        using var put211 = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC1"),
            ("X-Correlation-ID", "corr-put-211"));
        Assert.Equal(HttpStatusCode.Created, put211.StatusCode);
        using var put221 = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));
        Assert.Equal(HttpStatusCode.Created, put221.StatusCode);

        // 2.1.1 eMSP: the 2.1.1 shape, at its own endpoint with the owner's ids, a raw token, no routing headers;
        // the owner's ids back-ported into the object, and (by its setting) the owner's name as operator.
        var toE11 = Assert.Single(await PushesAsync(net.Emsp211, 1));
        Assert.Equal(("PUT", "/ocpi/2.1.1/locations/NL/C11/LOC1"), (toE11.Method, toE11.Path));
        var e11Body = JsonNode.Parse(toE11.Body)!;
        Assert.Equal("PARKING_LOT", e11Body["type"]!.GetValue<string>());
        Assert.Equal(("NL", "C11"), (e11Body["country_code"]!.GetValue<string>(), e11Body["party_id"]!.GetValue<string>()));
        Assert.Equal("CPO C11", e11Body["operator"]!["name"]!.GetValue<string>());
        Assert.Equal(230, e11Body["evses"]![0]!["connectors"]![0]!["voltage"]!.GetValue<int>());
        Assert.Equal("Token " + net.Emsp211.TokenToCallPartner, toE11.Header("Authorization"));
        Assert.Null(toE11.Header("OCPI-from-party-id"));
        Assert.Equal("corr-put-211", toE11.Header("X-Correlation-ID"));

        // 2.3.0 eMSP: both CPOs' Locations, in 2.3.0, from the hub (broadcast) to itself.
        var toE30 = await PushesAsync(net.Emsp230, 2);
        var fromC11 = Assert.Single(toE30, r => r.Path == "/ocpi/2.3.0/locations/NL/C11/LOC1");
        var c11In230 = JsonNode.Parse(fromC11.Body)!;
        Assert.Equal(("NL", "C11", "PARKING_LOT"), (c11In230["country_code"]!.GetValue<string>(), c11In230["party_id"]!.GetValue<string>(), c11In230["parking_type"]!.GetValue<string>()));
        Assert.Equal(230, c11In230["evses"]![0]!["connectors"]![0]!["max_voltage"]!.GetValue<int>());
        Assert.Equal(("DE", "HUB", "DE", "E30"), (fromC11.Header("OCPI-from-country-code"), fromC11.Header("OCPI-from-party-id"), fromC11.Header("OCPI-to-country-code"), fromC11.Header("OCPI-to-party-id")));
        Assert.Equal("corr-put-211", fromC11.Header("X-Correlation-ID"));
        Assert.NotEqual(toE11.Header("X-Request-ID"), fromC11.Header("X-Request-ID"));
        Assert.Contains(toE30, r => r.Path == "/ocpi/2.3.0/locations/NL/C22/LOC2");

        // 2.2.1 eMSP: only C22's Location; E11 never gets C22's.
        var toE22 = Assert.Single(await PushesAsync(net.Emsp221, 1));
        Assert.Equal("/ocpi/2.2.1/locations/NL/C22/LOC2", toE22.Path);
        await Task.Delay(300);
        Assert.Single(LocationPushes(net.Emsp211));
        Assert.Single(LocationPushes(net.Emsp221));
    }

    // One change to receivers of one version whose 2.1.1 settings differ: each gets the form its own settings ask for,
    // however the translations of a claim's deliveries are made or shared.
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Emsps_of_one_version_get_one_push_each_in_the_form_their_own_settings_ask_for(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await using var other211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "E12", "DE"));
        await Partners.ConnectAsync(net.Hub, other211, Initiator.Hub);
        await net.AgreeAsync("NL*C11", "DE*E12");
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{await net.PlatformIdAsync("E11")}", new { settings = new { v211_rewrite_owner_names = true } });
        await net.Hub.QueueEmptyAsync("the new agreement's ClientInfo sent");

        using var put = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC1"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var rewritten = JsonNode.Parse(Assert.Single(await PushesAsync(net.Emsp211, 1)).Body)!;
        var asPushed = JsonNode.Parse(Assert.Single(await PushesAsync(other211, 1)).Body)!;
        Assert.Equal("CPO C11", rewritten["operator"]!["name"]!.GetValue<string>());
        Assert.Null(asPushed["operator"]);
        Assert.Equal(rewritten["evses"]!.ToJsonString(), asPushed["evses"]!.ToJsonString());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Evse_and_connector_patches_reach_the_agreed_emsps_at_their_level(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));
        await PushesAsync(net.Emsp221, 1);
        await PushesAsync(net.Emsp230, 1);

        using var evsePatch = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1", """{"status":"CHARGING","last_updated":"2026-11-01T11:00:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, evsePatch.StatusCode);
        using var connectorPatch = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1/1", """{"max_amperage":16,"last_updated":"2026-11-01T11:05:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, connectorPatch.StatusCode);

        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            var pushes = await PushesAsync(emsp, 3);
            var version = emsp.Options.Version.ToWire();
            Assert.Equal(("PATCH", $"/ocpi/{version}/locations/NL/C22/LOC2/LOC2-E1"), (pushes[1].Method, pushes[1].Path));
            Assert.Equal("CHARGING", JsonNode.Parse(pushes[1].Body)!["status"]!.GetValue<string>());
            Assert.Equal(("PATCH", $"/ocpi/{version}/locations/NL/C22/LOC2/LOC2-E1/1"), (pushes[2].Method, pushes[2].Path));
            Assert.Equal(16, JsonNode.Parse(pushes[2].Body)!["max_amperage"]!.GetValue<int>());
        }
        Assert.Empty(LocationPushes(net.Emsp211));

        // A 2.1.1 CPO patches an EVSE and a connector (2.1.1 needs no last_updated in a PATCH): its agreed eMSPs get them.
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC1"));
        using var evsePatch211 = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1/LOC1-E1", """{"status":"BLOCKED"}""");
        Assert.Equal(HttpStatusCode.OK, evsePatch211.StatusCode);
        using var connectorPatch211 = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1/LOC1-E1/1", """{"amperage":16}""");
        Assert.Equal(HttpStatusCode.OK, connectorPatch211.StatusCode);
        var atE11 = await PushesAsync(net.Emsp211, 3);
        Assert.Equal([("PUT", "/ocpi/2.1.1/locations/NL/C11/LOC1"), ("PATCH", "/ocpi/2.1.1/locations/NL/C11/LOC1/LOC1-E1"), ("PATCH", "/ocpi/2.1.1/locations/NL/C11/LOC1/LOC1-E1/1")],
            atE11.Select(r => (r.Method, r.Path)));
        Assert.Equal(16, JsonNode.Parse(atE11[2].Body)!["amperage"]!.GetValue<int>());
        var atE30 = await Eventually.UntilAsync(() => LocationPushes(net.Emsp230).Where(r => r.Path.Contains("/C11/", StringComparison.Ordinal)).ToList(),
            p => p.Count >= 3, "the 2.1.1 CPO's changes at the 2.3.0 eMSP");
        Assert.Equal(("PATCH", "/ocpi/2.3.0/locations/NL/C11/LOC1/LOC1-E1/1"), (atE30[2].Method, atE30[2].Path));
        Assert.Equal(16, JsonNode.Parse(atE30[2].Body)!["max_amperage"]!.GetValue<int>());
        Assert.DoesNotContain(LocationPushes(net.Emsp221), r => r.Path.Contains("/C11/", StringComparison.Ordinal));

        // The hub's copy has both changes, and the parents' last_updated moved with them.
        var stored = await ReadBackAsync(net, "NL/C22/LOC2");
        Assert.Equal("CHARGING", stored["evses"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(16, stored["evses"]![0]!["connectors"]![0]!["max_amperage"]!.GetValue<int>());
        Assert.Equal("2026-11-01T11:05:00Z", stored["last_updated"]!.GetValue<string>());

        // A 2.1.1 EVSE may have a uid of up to 39 characters (2.2+: 36): kept, a loss reported, not a fault of the Location.
        var longUid = new string('E', 38);
        using var longEvse = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, $"NL/C11/LOC1/{longUid}", LocationJson.Evse(OcpiVersion.V211, longUid));
        Assert.Equal(1000, (await Partners.EnvelopeAsync(longEvse))["status_code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_patch_without_last_updated_is_dated_on_receipt_for_delta_pulls_and_newer_receivers(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC1", "2026-11-01T10:00:00Z"));
        await PushesAsync(net.Emsp230, 1);
        var received = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var patch = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1/LOC1-E1", """{"status":"CHARGING"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        // The hub's copy: the EVSE and its Location dated when the change came, so a pull from before it finds the Location.
        var served = await GetAsync(net.Emsp211, net.Hub, "locations/LOC1");
        DateTimeOffset Updated(JsonNode node) => OcpiDateTimeConverter.Parse(node["last_updated"]!.GetValue<string>())!.Value;
        Assert.InRange(Updated(served), received, DateTimeOffset.UtcNow);
        Assert.Equal(Updated(served), Updated(served["evses"]![0]!));
        Assert.Equal("CHARGING", served["evses"]![0]!["status"]!.GetValue<string>());
        var since = Uri.EscapeDataString(OcpiDateTimeConverter.Format(received));
        Assert.Equal(["LOC1"], await net.PullAllAsync(net.Emsp230, "locations", "id", $"date_from={since}&limit=10"));

        // The 2.3.0 eMSP, whose version requires last_updated in every PATCH, gets the PATCH with that time.
        var relayed = (await PushesAsync(net.Emsp230, 2))[1];
        Assert.Equal(("PATCH", "/ocpi/2.3.0/locations/NL/C11/LOC1/LOC1-E1"), (relayed.Method, relayed.Path));
        Assert.Equal(Updated(served), Updated(JsonNode.Parse(relayed.Body)!));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_gets_the_owner_ids_on_whole_locations_only_pushed_and_served(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var v211 = OcpiVersion.V211;
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(v211, "NL", "C11", "LOC1"));
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1/LOC1-E2", LocationJson.Evse(v211, "LOC1-E2"));
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1/LOC1-E2/2", LocationJson.Connector(v211, "2"));
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1", """{"name":"Plaza renamed"}""");
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1/LOC1-E1", """{"status":"CHARGING"}""");
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1/LOC1-E1/1", """{"amperage":16}""");

        // Pushed: only the whole Location carries country_code/party_id (no 2.1.1 EVSE, connector or PATCH has them).
        var pushed = await PushesAsync(net.Emsp211, 6);
        Assert.Equal(["PUT", "PUT", "PUT", "PATCH", "PATCH", "PATCH"], pushed.Select(r => r.Method));
        Assert.Equal([true, false, false, false, false, false], pushed.Select(r => HasOwnerIds(JsonNode.Parse(r.Body)!)));

        // Served: the same for the page, the Location, its EVSE and its connector.
        Assert.True(HasOwnerIds(await GetAsync(net.Emsp211, net.Hub, "locations?limit=10", page: true)));
        Assert.True(HasOwnerIds(await GetAsync(net.Emsp211, net.Hub, "locations/LOC1")));
        Assert.False(HasOwnerIds(await GetAsync(net.Emsp211, net.Hub, "locations/LOC1/LOC1-E1")));
        Assert.False(HasOwnerIds(await GetAsync(net.Emsp211, net.Hub, "locations/LOC1/LOC1-E1/1")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_location_without_a_time_zone_reaches_later_versions_valid_with_the_zone_of_its_place(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C11", "DE*E22");
        var places = new Dictionary<string, (string Country, string Latitude, string Longitude, string Zone)>
        {
            ["UTRECHT"] = ("NLD", "52.089444", "5.110278", "Europe/Amsterdam"),
            ["LASPALMAS"] = ("ESP", "28.124823", "-15.430007", "Atlantic/Canary"), // Spain has three zones
            ["DENVER"] = ("USA", "39.739236", "-104.990251", "America/Denver"),
        };
        foreach (var (id, place) in places)
        {
            var location = JsonNode.Parse(LocationJson.Location(OcpiVersion.V211, "NL", "C11", id))!.AsObject();
            location.Remove("time_zone");
            location["country"] = place.Country;
            location["coordinates"] = new JsonObject { ["latitude"] = place.Latitude, ["longitude"] = place.Longitude };
            using var put = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, $"NL/C11/{id}", location.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            var version = emsp.Options.Version;
            var pushed = (await PushesAsync(emsp, places.Count)).Select(r => r.Body);
            var served = (await GetAsync(emsp, net.Hub, "locations?limit=10")).AsArray().Select(l => l!.ToJsonString());
            foreach (var body in pushed.Concat(served))
            {
                var read = OcpiJson.Read<Protocol.V230.Location>(body, version);
                Assert.True(read.Problems.Count == 0, $"{version.ToWire()}: {read.Problems.ToStatusMessage()} in {body}");
                var location = JsonNode.Parse(body)!;
                Assert.Equal(places[location["id"]!.GetValue<string>()].Zone, location["time_zone"]?.GetValue<string>());
            }
        }

        // The 2.1.1 eMSP gets the Location as its CPO sent it: without a time zone.
        Assert.All(await PushesAsync(net.Emsp211, places.Count), r => Assert.Null(JsonNode.Parse(r.Body)!["time_zone"]));
    }

    private static bool HasOwnerIds(JsonNode body) => body["country_code"] is not null || body["party_id"] is not null;

    /// <summary>What the hub's sender interface answers <paramref name="reader"/> (for a page, its first object).</summary>
    private static async Task<JsonNode> GetAsync(SimulatedPartner reader, HubUnderTest hub, string path, bool page = false)
    {
        var url = new Uri($"{hub.BaseUrl}/ocpi/{reader.Options.Version.ToWire()}/sender/{path}");
        using var response = await reader.SendToHubAsync(HttpMethod.Get, url.ToString());
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        // Checked as a strict partner would: against the independent schema of the reader's version.
        SchemaOracle.AssertValidServed(url.AbsolutePath, envelope.ToJsonString());
        return page ? envelope["data"]![0]! : envelope["data"]!;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Emsps_pull_pages_of_exactly_their_agreed_cpos_locations(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        for (var i = 1; i <= 3; i++)
            await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, $"NL/C11/A{i}", LocationJson.Location(OcpiVersion.V211, "NL", "C11", $"A{i}", $"2026-11-0{i}T10:00:00Z"));
        for (var i = 1; i <= 2; i++)
            await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, $"NL/C22/B{i}", LocationJson.Location(OcpiVersion.V221, "NL", "C22", $"B{i}", $"2026-11-0{i}T12:00:00Z"));

        Assert.Equal(["A1", "A2", "A3", "B1", "B2"], await net.PullAllAsync(net.Emsp230, "locations", "id", "limit=2"));
        Assert.Equal(["B1", "B2"], await net.PullAllAsync(net.Emsp221, "locations", "id", "limit=1"));
        Assert.Equal(["A1", "A2", "A3"], await net.PullAllAsync(net.Emsp211, "locations", "id", "limit=2"));
        // date_from inclusive, date_to exclusive, carried by every Link.
        Assert.Equal(["A2", "B2"], await net.PullAllAsync(net.Emsp230, "locations", "id", "limit=1&date_from=2026-11-02T10:00:00Z&date_to=2026-11-03T10:00:00Z"));
    }

    /// <summary>
    /// The official ocpi-tool names its own party in OCPI-to on GET All: that can only mean "the hub's data for me".
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, "E22", true)]
    [InlineData(StorageKind.PostgreSql, "E22", true)]
    [InlineData(StorageKind.Sqlite, "E30", true)]
    [InlineData(StorageKind.PostgreSql, "E30", true)]
    [InlineData(StorageKind.Sqlite, "E30", false)]
    public async Task A_page_addressed_to_the_reader_itself_is_served_as_get_all(StorageKind storage, string readerParty, bool withFrom)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/A1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "A1"));
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/B1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "B1"));
        // E22 (2.2.1, as the ocpi-tool pulls) has an agreement with C22 only, E30 (2.3.0) with both CPOs.
        var (reader, visible) = readerParty == "E22" ? (net.Emsp221, new[] { "B1" }) : (net.Emsp230, new[] { "A1", "B1" });
        (string, string)[] self = [("OCPI-to-country-code", "DE"), ("OCPI-to-party-id", readerParty)];
        if (withFrom)
            self = [.. self, ("OCPI-from-country-code", "DE"), ("OCPI-from-party-id", readerParty)];

        using var response = await net.SendAsync(reader, HttpMethod.Get, "sender/locations", null, self);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.Equal(visible, envelope["data"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()));
        Assert.Equal(("DE", "HUB", "DE", readerParty), RoutingHeadersOf(response));
    }

    private static (string?, string?, string?, string?) RoutingHeadersOf(HttpResponseMessage response)
    {
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
        return (Header("OCPI-from-country-code"), Header("OCPI-from-party-id"), Header("OCPI-to-country-code"), Header("OCPI-to-party-id"));
    }

    [Fact]
    public async Task X_total_count_is_sent_only_to_platforms_that_opted_in()
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite);
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/B1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "B1"));
        using var before = await net.Emsp221.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/2.2.1/sender/locations");
        Assert.False(before.Headers.Contains("X-Total-Count"));

        var platform = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray().Single(p => p!["name"]!.GetValue<string>() == "EMSP E22")!;
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform["id"]}", new { settings = new { total_count_header = true } });

        using var after = await net.Emsp221.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/2.2.1/sender/locations");
        Assert.Equal("1", after.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("1000", after.Headers.GetValues("X-Limit").Single());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_correlation_id_of_a_push_follows_every_delivery_into_the_message_log(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);

        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC9", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC9"),
            ("X-Correlation-ID", "corr-trace-9"));
        var atReceivers = new[] { (await PushesAsync(net.Emsp221, 1))[0], (await PushesAsync(net.Emsp230, 1))[0] };
        Assert.All(atReceivers, r => Assert.Equal("corr-trace-9", r.Header("X-Correlation-ID")));

        var logged = await Eventually.UntilAsync(
            async () => (await net.Hub.AdminAsync(HttpMethod.Get, "admin/messages?correlation_id=corr-trace-9")).AsArray().Select(m => m!).ToList(),
            m => m.Count(e => e["direction"]!.GetValue<string>() == "OUT") == 2, "the push and both deliveries in the message log");
        var inbound = Assert.Single(logged, e => e["direction"]!.GetValue<string>() == "IN");
        Assert.Equal(("PUT", "locations", 201), (inbound["method"]!.GetValue<string>(), inbound["module"]!.GetValue<string>(), inbound["http_status"]!.GetValue<int>()));
        var outbound = logged.Where(e => e["direction"]!.GetValue<string>() == "OUT").ToList();
        Assert.Equal(atReceivers.Select(r => r.Header("X-Request-ID")).Order(), outbound.Select(e => e["request_id"]!.GetValue<string>()).Order());
        Assert.All(outbound, e => Assert.Equal(1000, e["ocpi_status"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_suspended_agreement_stops_data_at_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        await PushesAsync(net.Emsp221, 1);
        var agreement = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray()
            .Single(a => a!["cpo"]!.GetValue<string>() == "NL*C22" && a["emsp"]!.GetValue<string>() == "DE*E22")!;

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{agreement["id"]}/suspend");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/L2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L2"));

        await Eventually.UntilAsync(() => LocationPushes(net.Emsp230).Count, n => n == 2, "both Locations at the eMSP whose agreement stands");
        await Task.Delay(300);
        Assert.Single(LocationPushes(net.Emsp221));
        Assert.Empty(await net.PullAllAsync(net.Emsp221, "locations", "id", "limit=10"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_change_queued_before_the_agreement_was_suspended_is_given_up_not_sent(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        net.Emsp221.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        await PushesAsync(net.Emsp221, 1);
        var agreement = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray()
            .Single(a => a!["cpo"]!.GetValue<string>() == "NL*C22" && a["emsp"]!.GetValue<string>() == "DE*E22")!;

        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{agreement["id"]}/suspend");
        var triedWhileAgreed = LocationPushes(net.Emsp221).Count;
        net.Emsp221.ModuleResponder = null;

        var dead = await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead"),
            d => d.AsArray().Any(x => x!["receiver"]!.GetValue<string>() == "DE*E22"), "the queued Location given up", 15_000);
        Assert.Contains("no active roaming agreement", dead.AsArray().First(x => x!["receiver"]!.GetValue<string>() == "DE*E22")!["last_error"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Equal(triedWhileAgreed, LocationPushes(net.Emsp221).Count);
        Assert.Single(LocationPushes(net.Emsp230));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_patch_to_a_type_without_parking_type_leaves_none_in_the_copy_and_at_later_versions(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PushAsync(net.Cpo211, net.Hub, HttpMethod.Put, "NL/C11/LOC1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC1"));
        using var patch = await PushAsync(net.Cpo211, net.Hub, HttpMethod.Patch, "NL/C11/LOC1", """{"type":"OTHER"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        using var readBack = await net.SendAsync(net.Cpo211, HttpMethod.Get, "receiver/locations/NL/C11/LOC1");
        Assert.Equal("OTHER", (await Partners.EnvelopeAsync(readBack))["data"]!["type"]!.GetValue<string>());
        var atE11 = await PushesAsync(net.Emsp211, 2);
        Assert.Equal(("PATCH", "OTHER"), (atE11[1].Method, JsonNode.Parse(atE11[1].Body)!["type"]!.GetValue<string>()));
        // A 2.3.0 PATCH cannot remove parking_type: the full Location, which has none.
        var atE30 = await PushesAsync(net.Emsp230, 2);
        Assert.Equal("PUT", atE30[1].Method);
        Assert.Null(JsonNode.Parse(atE30[1].Body)!["parking_type"]);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_evse_and_connector_a_2_1_1_location_leaves_out_are_unknown_to_a_2_1_1_reader(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2");
        var gbt = LocationJson.Evse(OcpiVersion.V221, "LOC2-E2").Replace("IEC_62196_T2", "GBT_DC");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.WithEvses(location, [LocationJson.Evse(OcpiVersion.V221, "LOC2-E1"), gbt]));

        async Task<int> StatusAsync(string path)
        {
            using var served = await net.SendAsync(net.Emsp211, HttpMethod.Get, $"sender/locations/{path}");
            return (await Partners.EnvelopeAsync(served))["status_code"]!.GetValue<int>();
        }

        var statuses = new List<int>();
        foreach (var path in new[] { "LOC2/LOC2-E1", "LOC2/LOC2-E1/1", "LOC2/LOC2-E2", "LOC2/LOC2-E2/1" })
            statuses.Add(await StatusAsync(path));
        Assert.Equal([1000, 1000, 2003, 2003], statuses);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_status_change_of_an_evse_a_2_1_1_location_leaves_out_is_not_sent_to_a_2_1_1_emsp(StorageKind storage)
    {
        await using var net = await StartWithGbtEvseAsync(storage);

        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E2", """{"status":"CHARGING","last_updated":"2026-11-02T10:00:00Z"}""");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1", """{"status":"CHARGING","last_updated":"2026-11-02T10:01:00Z"}""");

        // The next thing the eMSP gets is the change of the EVSE it holds, sent as it came.
        var second = (await PushesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("PATCH", true), (second.Method, second.Path.EndsWith("/LOC2/LOC2-E1", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_connector_change_that_leaves_an_evse_out_of_a_2_1_1_location_reaches_a_2_1_1_emsp_as_the_location_without_it(StorageKind storage)
    {
        await using var net = await StartWithGbtEvseAsync(storage);

        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1/1", """{"standard":"GBT_AC","last_updated":"2026-11-02T10:00:00Z"}""");

        var second = (await PushesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("PUT", true), (second.Method, second.Path.EndsWith("/LOC2", StringComparison.Ordinal)));
        Assert.Empty(JsonNode.Parse(second.Body)!["evses"]!.AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite, "PATCH")]
    [InlineData(StorageKind.PostgreSql, "PATCH")]
    [InlineData(StorageKind.Sqlite, "PUT")]
    [InlineData(StorageKind.PostgreSql, "PUT")]
    public async Task A_connector_change_that_brings_an_evse_into_a_2_1_1_location_reaches_a_2_1_1_emsp_as_the_location_with_it(StorageKind storage,
        string method)
    {
        await using var net = await StartWithGbtEvseAsync(storage);

        // The EVSE the eMSP never got gains a plug 2.1.1 lists: a change of its connector alone would name an EVSE it does not hold.
        var (path, body) = method == "PATCH"
            ? ("NL/C22/LOC2/LOC2-E2/1", """{"standard":"IEC_62196_T2","last_updated":"2026-11-02T10:00:00Z"}""")
            : ("NL/C22/LOC2/LOC2-E2/2", LocationJson.Connector(OcpiVersion.V221, "2", "2026-11-02T10:00:00Z"));
        await PushAsync(net.Cpo221, net.Hub, new HttpMethod(method), path, body);

        var second = (await PushesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("PUT", true), (second.Method, second.Path.EndsWith("/LOC2", StringComparison.Ordinal)));
        Assert.Equal(["LOC2-E1", "LOC2-E2"], JsonNode.Parse(second.Body)!["evses"]!.AsArray().Select(e => e!["uid"]!.GetValue<string>()));
    }

    /// <summary>A network whose 2.1.1 eMSP holds LOC2 with EVSE LOC2-E1 only: LOC2-E2 has a GB/T plug, which 2.1.1 does not list.</summary>
    private static async Task<RoamingNetwork> StartWithGbtEvseAsync(StorageKind storage)
    {
        var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2");
        var gbt = LocationJson.Evse(OcpiVersion.V221, "LOC2-E2").Replace("IEC_62196_T2", "GBT_DC");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.WithEvses(location, [LocationJson.Evse(OcpiVersion.V221, "LOC2-E1"), gbt]));
        Assert.Equal(["LOC2-E1"], JsonNode.Parse(Assert.Single(await PushesAsync(net.Emsp211, 1)).Body)!["evses"]!.AsArray().Select(e => e!["uid"]!.GetValue<string>()));
        return net;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite, 1)]
    [InlineData(StorageKind.PostgreSql, 1)]
    [InlineData(StorageKind.Sqlite, 4)]
    [InlineData(StorageKind.PostgreSql, 4)]
    public async Task A_2_1_1_emsp_gets_the_connector_tariff_it_is_given_not_ad_hoc_ones_listed_first(StorageKind storage, int adHocTariffs)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var adHoc = Enumerable.Range(1, adHocTariffs).Select(i => TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", $"ADHOC{i}", "AD_HOC_PAYMENT"));

        await AssertConnectorTariffAtEmsp211Async(net, [.. adHoc, TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1", "REGULAR")], "T1");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_gets_the_connector_tariff_valid_now_not_one_that_starts_later(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var later = TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "NEXT", "REGULAR").Replace("\"currency\"", "\"start_date_time\":\"2099-01-01T00:00:00Z\",\"currency\"");

        await AssertConnectorTariffAtEmsp211Async(net, [later, TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1", "REGULAR")], "T1");
    }

    /// <summary>
    /// The 2.2.1 CPO stores <paramref name="tariffs"/> and a Location whose connector lists them in that order: the
    /// 2.1.1 eMSP's pushed and served connector names <paramref name="expected"/>.
    /// </summary>
    private static async Task AssertConnectorTariffAtEmsp211Async(RoamingNetwork net, IReadOnlyList<string> tariffs, string expected)
    {
        await net.AgreeAsync("NL*C22", "DE*E11");
        var ids = tariffs.Select(t => JsonNode.Parse(t)!["id"]!.GetValue<string>()).ToArray();
        foreach (var (id, tariff) in ids.Zip(tariffs))
            await net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{id}", tariff);
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"), ids));

        var atE11 = Assert.Single(await PushesAsync(net.Emsp211, 1));
        Assert.Equal(expected, JsonNode.Parse(atE11.Body)!["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>());
        using var served = await net.SendAsync(net.Emsp211, HttpMethod.Get, "sender/locations/LOC2");
        Assert.Equal(expected, (await Partners.EnvelopeAsync(served))["data"]!["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>());
    }

    /// <summary>
    /// The whole Location a 2.1.1 eMSP gets for a connector's tariff change is read when the delivery goes: the eMSP was
    /// down, and meanwhile the CPO unpublished the Location, which a 2.1.1 eMSP may no longer get; the change is given up.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_connector_tariff_change_is_not_sent_to_a_2_1_1_emsp_as_the_location_once_it_is_unpublished(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.2");
        await net.AgreeAsync("NL*C22", "DE*E11");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));
        await PushesAsync(net.Emsp211, 1);
        net.Emsp211.Unavailable = true;
        int ToE11() => net.Emsp211.Requests.Count(r => r.Path.StartsWith("/ocpi/2.1.1/locations/NL/C22/LOC2", StringComparison.Ordinal));

        using var patch = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1/1", """{"tariff_ids":[],"last_updated":"2026-11-01T11:05:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await Eventually.UntilAsync(ToE11, n => n >= 2, "the change tried at the eMSP, which is down");
        using var unpublish = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2",
            LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2", "2026-11-01T11:10:00Z").Replace("\"publish\":true", "\"publish\":false"));
        Assert.True(unpublish.IsSuccessStatusCode);
        var tried = ToE11();
        net.Emsp211.Unavailable = false;
        await net.Hub.QueueEmptyAsync("the change given up");

        Assert.Equal(tried, ToE11());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_connector_patch_clearing_its_tariffs_reaches_a_2_1_1_emsp_as_the_location_without_tariff_id(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        await PushAsync(net.Cpo221, net.Hub, HttpMethod.Put, "NL/C22/LOC2", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC2"));
        Assert.Equal("T1", JsonNode.Parse((await PushesAsync(net.Emsp211, 1))[0].Body)!["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>());

        using var patch = await PushAsync(net.Cpo221, net.Hub, HttpMethod.Patch, "NL/C22/LOC2/LOC2-E1/1", """{"tariff_ids":[],"last_updated":"2026-11-01T11:05:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        // A 2.1.1 PATCH cannot remove tariff_id: the whole Location, whose connector has none.
        var atE11 = await PushesAsync(net.Emsp211, 2);
        Assert.Equal(("PUT", "/ocpi/2.1.1/locations/NL/C22/LOC2"), (atE11[1].Method, atE11[1].Path));
        var connector = JsonNode.Parse(atE11[1].Body)!["evses"]![0]!["connectors"]![0]!.AsObject();
        Assert.False(connector.ContainsKey("tariff_id"));
        // Later versions can: they get the PATCH.
        var atE22 = await PushesAsync(net.Emsp221, 2);
        Assert.Equal(("PATCH", "/ocpi/2.2.1/locations/NL/C22/LOC2/LOC2-E1/1"), (atE22[1].Method, atE22[1].Path));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_single_evse_get_finds_the_one_cpo_whose_location_of_that_id_has_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        foreach (var (cpo, version) in new[] { (net.Cpo211, OcpiVersion.V211), (net.Cpo221, OcpiVersion.V221) })
        {
            var owner = cpo.Options.Parties[0].PartyId;
            await net.SendOkAsync(cpo, HttpMethod.Put, $"receiver/locations/NL/{owner}/SAME", LocationJson.Location(version, "NL", owner, "SAME"));
        }
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/SAME/ONLY-E9", LocationJson.Evse(OcpiVersion.V221, "ONLY-E9"));

        // E30 is agreed with both CPOs; only C22's SAME has the EVSE.
        using var response = await net.Emsp230.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/2.1.1/sender/locations/SAME/ONLY-E9");
        var envelope = await Partners.EnvelopeAsync(response);

        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.Equal("ONLY-E9", envelope["data"]!["uid"]!.GetValue<string>());
    }

    private static async Task<JsonNode> ReadBackAsync(RoamingNetwork net, string path)
    {
        using var response = await net.SendAsync(net.Cpo221, HttpMethod.Get, $"receiver/locations/{path}");
        return (await Partners.EnvelopeAsync(response))["data"]!;
    }
}
