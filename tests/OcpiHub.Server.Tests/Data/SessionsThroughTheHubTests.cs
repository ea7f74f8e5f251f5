using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Server.Tests.Infrastructure.RoamingNetwork;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Sessions end to end over real HTTP (<see cref="RoamingNetwork"/>): a Session, PUT and then PATCHed with one
/// more charging period, reaches only the eMSP of its token, in that eMSP's version and URL shape; a token of an
/// eMSP without agreement stops it at the hub; eMSPs pull only their own tokens' Sessions. On SQLite and PostgreSQL.
/// </summary>
public class SessionsThroughTheHubTests
{
    private const string Later = "2026-11-01T10:15:00Z";
    private static readonly string PatchWithPeriod = $$"""{"kwh":3.0,"charging_periods":[{{ChargeJson.Period(Later, 1.5m)}}],"last_updated":"{{Later}}"}""";

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_reservation_patched_active_without_its_evse_is_refused_and_with_it_reaches_the_emsp(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var reservation = JsonNode.Parse(ChargeJson.Session(OcpiVersion.V221, "C22", "E30", "R1", "LOC22"))!.AsObject();
        (reservation["status"], reservation["evse_uid"], reservation["connector_id"]) = ("RESERVATION", "#NA", "#NA");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/R1", reservation.ToJsonString());

        // #NA stands for an EVSE not assigned yet, for a reservation only: a Session charging has its EVSE.
        using var refused = await net.SendAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/R1", $$"""{"status":"ACTIVE","last_updated":"{{Later}}"}""");
        var envelope = await Partners.EnvelopeAsync(refused);
        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("evse_uid", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/R1",
            $$"""{"status":"ACTIVE","evse_uid":"LOC22-E1","connector_id":"1","last_updated":"{{Later}}"}""");
        var received = await ChangesAsync(net.Emsp230, "sessions", 2);
        Assert.Equal(["PUT", "PATCH"], received.Select(r => r.Method));
        Assert.Equal("LOC22-E1", JsonNode.Parse(received[1].Body)!["evse_uid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_221_session_and_its_patch_reach_only_the_tokens_emsp_in_its_version(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        using var put = await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/S1", ChargeJson.Session(OcpiVersion.V221, "C22", "E30", "S1", "LOC22"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var _ = await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/S1", PatchWithPeriod);

        // 2.3.0 eMSP of the token: the PUT, then the PATCH with only the new period (2.2+ receivers append it).
        var toE30 = await ReceivedAsync(net.Emsp230, "sessions", 2);
        Assert.Equal(("PUT", "/ocpi/2.3.0/sessions/NL/C22/S1"), (toE30[0].Method, toE30[0].Path));
        var session = JsonNode.Parse(toE30[0].Body)!;
        Assert.Equal(("NL", "C22", "DE", "E30", "DE-E30-C1"), (session["country_code"]!.GetValue<string>(), session["party_id"]!.GetValue<string>(),
            session["cdr_token"]!["country_code"]!.GetValue<string>(), session["cdr_token"]!["party_id"]!.GetValue<string>(), session["cdr_token"]!["contract_id"]!.GetValue<string>()));
        Assert.Equal(("DE", "HUB", "DE", "E30"), (toE30[0].Header("OCPI-from-country-code"), toE30[0].Header("OCPI-from-party-id"), toE30[0].Header("OCPI-to-country-code"), toE30[0].Header("OCPI-to-party-id")));
        Assert.Equal(("PATCH", "/ocpi/2.3.0/sessions/NL/C22/S1"), (toE30[1].Method, toE30[1].Path));
        var patch = JsonNode.Parse(toE30[1].Body)!;
        Assert.Equal(Later, Assert.Single(patch["charging_periods"]!.AsArray())!["start_date_time"]!.GetValue<string>());

        // The hub's copy holds both periods; E22 and E11 have agreements with C22 but not the token: nothing.
        var stored = await ReadBackAsync(net, "S1");
        Assert.Equal([ChargeJson.Start, Later], stored["charging_periods"]!.AsArray().Select(p => p!["start_date_time"]!.GetValue<string>()));
        Assert.Equal(3.0m, stored["kwh"]!.GetValue<decimal>());
        await net.AssertNothingMoreAsync("sessions", (net.Emsp230, 2));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_211_emsp_gets_the_full_location_and_the_whole_period_list(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/S2", ChargeJson.Session(OcpiVersion.V221, "C22", "E11", "S2", "LOC22"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/S2", PatchWithPeriod);

        var toE11 = await ReceivedAsync(net.Emsp211, "sessions", 2);
        Assert.Equal(("PUT", "/ocpi/2.1.1/sessions/NL/C22/S2"), (toE11[0].Method, toE11[0].Path));
        var session = JsonNode.Parse(toE11[0].Body)!;
        Assert.Equal(("DE-E11-C1", ChargeJson.Start), (session["auth_id"]!.GetValue<string>(), session["start_datetime"]!.GetValue<string>()));
        Assert.Null(session["cdr_token"]);
        // The Location the 2.2.1 Session names by id, from the hub's store, reduced to the EVSE and connector used.
        var location = session["location"]!;
        Assert.Equal(("LOC22", "Plaza LOC22", "PARKING_LOT"), (location["id"]!.GetValue<string>(), location["name"]!.GetValue<string>(), location["type"]!.GetValue<string>()));
        Assert.Equal(("LOC22-E1", 230), (location["evses"]![0]!["uid"]!.GetValue<string>(), location["evses"]![0]!["connectors"]![0]!["voltage"]!.GetValue<int>()));
        Assert.Null(toE11[0].Header("OCPI-to-party-id"));

        // A 2.1.1 receiver would take the PATCH's periods as the whole list: it gets the full Session instead.
        Assert.Equal(("PUT", "/ocpi/2.1.1/sessions/NL/C22/S2"), (toE11[1].Method, toE11[1].Path));
        var updated = JsonNode.Parse(toE11[1].Body)!;
        Assert.Equal(2, updated["charging_periods"]!.AsArray().Count);
        Assert.Equal(3.0m, updated["kwh"]!.GetValue<decimal>());

        // Where it is charged is an embedded Location in 2.1.1, which a PATCH of an id alone cannot carry: the full Session too.
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/S2",
            """{"evse_uid":"LOC22-E1","connector_id":"1","last_updated":"2026-11-01T11:00:00Z"}""");
        var moved = (await ReceivedAsync(net.Emsp211, "sessions", 3))[2];
        Assert.Equal("PUT", moved.Method);
        Assert.Equal("LOC22-E1", JsonNode.Parse(moved.Body)!["location"]!["evses"]![0]!["uid"]!.GetValue<string>());
        await net.AssertNothingMoreAsync("sessions", (net.Emsp211, 3));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_211_emsp_gets_every_period_of_a_211_session_with_flat_dimensions_as_its_cpo_wrote_them(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);
        var session = JsonNode.Parse(ChargeJson.Session(OcpiVersion.V211, "C11", "E11", "S1", "LOC11"))!.AsObject();
        session["charging_periods"] = JsonNode.Parse($$"""
            [{"start_date_time":"{{ChargeJson.Start}}","dimensions":[{"type":"ENERGY","volume":1.5},{"type":"FLAT","volume":1}]}]
            """);
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/sessions/NL/C11/S1", session.ToJsonString());

        // FLAT exists only in 2.1.1: a PATCH without it, then one whose period holds nothing else, each appended.
        await net.SendOkAsync(net.Cpo211, HttpMethod.Patch, "receiver/sessions/NL/C11/S1", $$"""{"charging_periods":[{{ChargeJson.Period(Later, 2.5m)}}]}""");
        await net.SendOkAsync(net.Cpo211, HttpMethod.Patch, "receiver/sessions/NL/C11/S1",
            """{"charging_periods":[{"start_date_time":"2026-11-01T10:30:00Z","dimensions":[{"type":"FLAT","volume":1}]}]}""");

        var last = JsonNode.Parse((await ReceivedAsync(net.Emsp211, "sessions", 3))[2].Body)!;
        Assert.Equal(["ENERGY,FLAT", "ENERGY", "FLAT"],
            last["charging_periods"]!.AsArray().Select(p => string.Join(',', p!["dimensions"]!.AsArray().Select(d => d!["type"]!.GetValue<string>()))));
        Assert.Equal("LOC11", last["location"]!["id"]!.GetValue<string>());
        await net.AssertNothingMoreAsync("sessions", (net.Emsp211, 3));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_211_session_finds_its_tokens_emsp_in_the_store(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/sessions/NL/C11/S3", ChargeJson.Session(OcpiVersion.V211, "C11", "E30", "S3", "LOC11"));

        var toE30 = Assert.Single(await ReceivedAsync(net.Emsp230, "sessions", 1));
        Assert.Equal(("PUT", "/ocpi/2.3.0/sessions/NL/C11/S3"), (toE30.Method, toE30.Path));
        var session = JsonNode.Parse(toE30.Body)!;
        Assert.Equal(("NL", "C11", "LOC11", "LOC11-E1", "1"), (session["country_code"]!.GetValue<string>(), session["party_id"]!.GetValue<string>(),
            session["location_id"]!.GetValue<string>(), session["evse_uid"]!.GetValue<string>(), session["connector_id"]!.GetValue<string>()));
        var token = session["cdr_token"]!;
        Assert.Equal(("DE", "E30", "UID-DE-E30-C1", "RFID", "DE-E30-C1"), (token["country_code"]!.GetValue<string>(), token["party_id"]!.GetValue<string>(),
            token["uid"]!.GetValue<string>(), token["type"]!.GetValue<string>(), token["contract_id"]!.GetValue<string>()));
        await net.AssertNothingMoreAsync("sessions", (net.Emsp230, 1));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_session_on_a_token_of_an_emsp_without_agreement_is_stored_and_goes_nowhere(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        // C11 has no agreement with E22, whose token it is; E11 and E30 have one with C11 but do not own the token.
        using var put = await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/sessions/NL/C11/S4", ChargeJson.Session(OcpiVersion.V211, "C11", "E22", "S4", "LOC11"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var readBack = await net.SendOkAsync(net.Cpo211, HttpMethod.Get, "receiver/sessions/NL/C11/S4");
        Assert.Equal("S4", (await Partners.EnvelopeAsync(readBack))["data"]!["id"]!.GetValue<string>());
        await net.AssertNothingMoreAsync("sessions");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Emsps_pull_only_their_own_tokens_sessions_and_must_name_date_from(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/A1", ChargeJson.Session(OcpiVersion.V221, "C22", "E30", "A1", "LOC22"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/A2", ChargeJson.Session(OcpiVersion.V221, "C22", "E22", "A2", "LOC22"));
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/sessions/NL/C11/A3", ChargeJson.Session(OcpiVersion.V211, "C11", "E30", "A3", "LOC11"));
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/sessions/NL/C11/A4", ChargeJson.Session(OcpiVersion.V211, "C11", "E11", "A4", "LOC11"));

        Assert.Equal(["A1", "A3"], await net.PullAsync(net.Emsp230, "sessions"));
        Assert.Equal(["A2"], await net.PullAsync(net.Emsp221, "sessions"));
        var e11 = Assert.Single(await net.PullAsync(net.Emsp211, "sessions", "auth_id"));
        Assert.Equal("DE-E11-C1", e11);

        using var noDateFrom = await net.SendAsync(net.Emsp230, HttpMethod.Get, "sender/sessions");
        var refused = await Partners.EnvelopeAsync(noDateFrom);
        Assert.Equal(2001, refused["status_code"]!.GetValue<int>());
        Assert.Contains("date_from", refused["status_message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("PUT", "S5", "{\"id\":\"S5\"}", 2001, "required field missing")]
    [InlineData("PUT", "S6", "SESSION S5", 2001, "differs from 'S6'")]
    [InlineData("PATCH", "S7", "{\"kwh\":2,\"last_updated\":\"2026-11-01T10:00:00Z\"}", 2000, "unknown session S7")]
    [InlineData("PATCH", "S5", "{\"kwh\":2}", 2001, "$.last_updated: required field missing")]
    [InlineData("PUT", "S5", "SESSION S5", 2001, "token belongs to DE*E30, not to DE*E22", "E22")]
    public async Task Bad_input_stores_and_delivers_nothing(string method, string id, string body, int status, string reason, string? addressedTo = null)
    {
        await using var net = await StartChargingAsync(StorageKind.Sqlite);
        body = body.Replace("SESSION S5", ChargeJson.Session(OcpiVersion.V221, "C22", "E30", "S5", "LOC22"));
        (string, string)[] to = addressedTo is null ? [] : [("OCPI-to-country-code", "DE"), ("OCPI-to-party-id", addressedTo)];

        using var response = await net.SendAsync(net.Cpo221, new HttpMethod(method), $"receiver/sessions/NL/C22/{id}", body, to);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(status, envelope["status_code"]!.GetValue<int>());
        Assert.Contains(reason, envelope["status_message"]!.GetValue<string>());
        foreach (var stored in new[] { "S5", "S6", "S7" })
        {
            using var readBack = await net.SendAsync(net.Cpo221, HttpMethod.Get, $"receiver/sessions/NL/C22/{stored}");
            Assert.Equal(HttpStatusCode.NotFound, readBack.StatusCode);
        }
        await net.AssertNothingMoreAsync("sessions");
    }

    private static async Task<JsonNode> ReadBackAsync(RoamingNetwork net, string id)
    {
        using var response = await net.SendOkAsync(net.Cpo221, HttpMethod.Get, $"receiver/sessions/NL/C22/{id}");
        return (await Partners.EnvelopeAsync(response))["data"]!;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_refused_patch_sent_as_the_full_session_takes_the_patches_queued_behind_it_with_it(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/sessions/NL/C22/S1", ChargeJson.Session(OcpiVersion.V221, "C22", "E22", "S1", "LOC22"));
        await ChangesAsync(net.Emsp221, "sessions", 1);
        // The eMSP holds its calls a while, so the second PATCH is queued behind the first; it refuses the first.
        var patches = 0;
        net.Emsp221.ModuleResponseDelay = TimeSpan.FromMilliseconds(700);
        net.Emsp221.ModuleResponder = r => r.Method == "PATCH" && Interlocked.Increment(ref patches) == 1 ? new Simulator.SimulatedResponse(OcpiStatus: 2001, Message: "unknown session") : null;
        var (a, b) = ("2026-11-01T10:15:00Z", "2026-11-01T10:30:00Z");
        foreach (var start in new[] { a, b })
            await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/sessions/NL/C22/S1", $$"""{"charging_periods":[{{ChargeJson.Period(start, 0.5m)}}],"last_updated":"{{start}}"}""");

        await net.Hub.QueueEmptyAsync("the PATCHes sent", 15_000);

        // The refused PATCH, then the whole Session with both periods; the second PATCH, in it, is not sent on top of it (a 2.2.1 eMSP would add its period again).
        var after = Changes(net.Emsp221, "sessions").Skip(1).ToList();
        Assert.Equal(["PATCH", "PUT"], after.Select(r => r.Method));
        Assert.Equal([ChargeJson.Start, a, b], JsonNode.Parse(after[1].Body)!["charging_periods"]!.AsArray().Select(p => p!["start_date_time"]!.GetValue<string>()));
    }
}
