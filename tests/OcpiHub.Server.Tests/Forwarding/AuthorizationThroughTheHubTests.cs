using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Forwarding.AuthorizationNetwork;

namespace OcpiHub.Server.Tests.Forwarding;

/// <summary>
/// Real-time authorization through the hub over real HTTP: CPOs of 2.1.1, 2.2.1 and 2.3.0 ask the hub, the hub asks
/// only the eMSP that owns the token, in that eMSP's version and with the original parties' routing headers, and the
/// CPO gets the eMSP's answer in its own version. Unknown tokens and eMSPs without agreement are asked nothing
/// (how the budget bounds an authorization: <see cref="AuthorizationBudgetTests"/>).
/// </summary>
public class AuthorizationThroughTheHubTests
{
    /// <summary>The network with an authorization budget a busy machine cannot exhaust: these tests run alongside others.</summary>
    private static Task<AuthorizationNetwork> StartAsync(StorageKind storage, bool everyPair, params string[] settings) =>
        AuthorizationNetwork.StartAsync(storage, everyPair, [TimedTests.UnhurriedAuthorizations, .. settings]);

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Every_cpo_version_reaches_the_owner_of_every_emsp_version_and_gets_its_answer_in_its_own_version(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: true);

        foreach (var cpo in network.Cpos)
        {
            foreach (var emsp in network.Net.Emsps)
            {
                var pair = $"{cpo.Options.Version.ToWire()} CPO, {emsp.Options.Version.ToWire()} eMSP";
                var reference = $"REF-{cpo.Options.Parties[0].PartyId}-{emsp.Options.Parties[0].PartyId}";
                emsp.Authorizations.Answer(TokenOf(emsp), new AuthorizationAnswer("ALLOWED", reference));
                var askedBefore = network.Net.Emsps.ToDictionary(e => e, e => Asked(e).Count);

                using var response = await network.AuthorizeAsync(cpo, TokenOf(emsp));

                var (http, status, data) = await ReadAsync(response);
                Assert.True((http, status) == (200, 1000), $"{pair}: HTTP {http}, OCPI {status}: {await response.Content.ReadAsStringAsync()}");
                foreach (var other in network.Net.Emsps)
                    Assert.True(Asked(other).Count == askedBefore[other] + (other == emsp ? 1 : 0), $"{pair}: {other.Options.Parties[0].PartyId} asked wrongly");
                AssertAskedInItsVersion(Asked(emsp)[^1], cpo, emsp, pair);
                AssertAnswerInCpoVersion(response, data!, cpo, emsp, reference, pair);
            }
        }
    }

    private static void AssertAskedInItsVersion(RecordedRequest asked, SimulatedPartner cpo, SimulatedPartner emsp, string pair)
    {
        Assert.Equal($"/ocpi/{emsp.Options.Version.ToWire()}/tokens/{TokenOf(emsp)}/authorize", asked.Path);
        Assert.Equal("?type=RFID", asked.Query);
        var body = JsonNode.Parse(asked.Body)!.AsObject();
        Assert.Equal(("LOC1", "EVSE1"), (body["location_id"]!.GetValue<string>(), body["evse_uids"]![0]!.GetValue<string>()));
        // connector_ids exist only in 2.1.1: carried from a 2.1.1 CPO to a 2.1.1 eMSP, and to no one else.
        var bothOld = cpo.Options.Version == OcpiVersion.V211 && emsp.Options.Version == OcpiVersion.V211;
        Assert.True(body.ContainsKey("connector_ids") == bothOld, $"{pair}: connector_ids {(bothOld ? "lost" : "sent")}: {asked.Body}");
        var (cpoParty, emspParty) = (cpo.Options.Parties[0], emsp.Options.Parties[0]);
        var expectedHeaders = emsp.Options.Version == OcpiVersion.V211
            ? (null, null, null, null)
            : (emspParty.CountryCode, emspParty.PartyId, cpoParty.CountryCode, cpoParty.PartyId);
        Assert.True(expectedHeaders == (asked.Header("OCPI-to-country-code"), asked.Header("OCPI-to-party-id"),
            asked.Header("OCPI-from-country-code"), asked.Header("OCPI-from-party-id")), $"{pair}: routing headers");
        Assert.NotNull(asked.Header("X-Correlation-ID"));
    }

    private static void AssertAnswerInCpoVersion(HttpResponseMessage response, JsonNode data, SimulatedPartner cpo, SimulatedPartner emsp, string reference, string pair)
    {
        var info = data.AsObject();
        Assert.Equal("ALLOWED", info["allowed"]!.GetValue<string>());
        Assert.Equal("LOC1", info["location"]!["location_id"]!.GetValue<string>());
        var emspParty = emsp.Options.Parties[0];
        if (cpo.Options.Version == OcpiVersion.V211)
        {
            // 2.1.1 AuthorizationInfo: allowed, location, info; no token, no reference, no routing headers.
            Assert.True(!info.ContainsKey("token") && !info.ContainsKey("authorization_reference"), $"{pair}: {info}");
            Assert.False(response.Headers.Contains("OCPI-from-party-id"));
            return;
        }
        // The reference reaches the CPO verbatim where the eMSP's version has one (2.1.1 has none).
        Assert.Equal(emsp.Options.Version == OcpiVersion.V211 ? null : reference, info["authorization_reference"]?.GetValue<string>());
        var token = info["token"]!.AsObject();
        Assert.Equal((TokenOf(emsp), emspParty.CountryCode, emspParty.PartyId), (token["uid"]!.GetValue<string>(),
            token["country_code"]!.GetValue<string>(), token["party_id"]!.GetValue<string>()));
        SchemaOracle.AssertValidObject(cpo.Options.Version, "token", token.ToJsonString());
        Assert.Equal((emspParty.PartyId, cpo.Options.Parties[0].PartyId),
            (response.Headers.GetValues("OCPI-from-party-id").Single(), response.Headers.GetValues("OCPI-to-party-id").Single()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_unknown_token_and_a_token_of_an_emsp_without_agreement_are_404_with_2004_and_nobody_is_asked(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false);
        var (cpo, net) = (network.Net.Cpo221, network.Net);
        foreach (var emsp in net.Emsps)
            emsp.Authorizations.Answer("NOPE", new AuthorizationAnswer());
        net.Emsp211.Authorizations.Answer(TokenOf(net.Emsp211), new AuthorizationAnswer());

        using var unknown = await network.AuthorizeAsync(cpo, "NOPE");
        using var notAgreed = await network.AuthorizeAsync(cpo, TokenOf(net.Emsp211));

        foreach (var response in new[] { unknown, notAgreed })
        {
            var (http, status, data) = await ReadAsync(response);
            Assert.Equal((404, 2004, null), (http, status, data));
        }
        Assert.All(net.Emsps, emsp => Assert.Empty(Asked(emsp)));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsps_404_for_a_token_it_does_not_know_reaches_the_cpo_as_404_with_2004(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false);
        var net = network.Net;

        // 2.1.1 has no 2004: its eMSP answers HTTP 404 with 2000.
        using var response = await network.AuthorizeAsync(network.Cpo230, "NOPE", ("OCPI-to-country-code", "DE"), ("OCPI-to-party-id", "E11"));

        Assert.Single(Asked(net.Emsp211));
        var (http, status, data) = await ReadAsync(response);
        Assert.Equal((404, 2004, null), (http, status, data));
        Assert.Equal("E11", response.Headers.GetValues("OCPI-from-party-id").Single());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_cpo_asking_for_an_app_users_token_as_other_reaches_its_emsp_asked_with_its_own_type(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false);
        var (cpo, emsp, net) = (network.Net.Cpo211, network.Net.Emsp230, network.Net);
        var app = JsonNode.Parse(TokenJson.Token(OcpiVersion.V230, "DE", "E30", "APP-E30"))!.AsObject();
        app["type"] = "APP_USER";
        await net.SendOkAsync(emsp, HttpMethod.Put, "receiver/tokens/DE/E30/APP-E30?type=APP_USER", app.ToJsonString());
        emsp.Authorizations.Answer("APP-E30", new AuthorizationAnswer("ALLOWED", "REF-APP"));
        // The same uid as an OTHER token of an eMSP the CPO has no agreement with: it hides nothing.
        var other = JsonNode.Parse(TokenJson.Token(OcpiVersion.V221, "DE", "E22", "APP-E30"))!.AsObject();
        other["type"] = "OTHER";
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/APP-E30?type=OTHER", other.ToJsonString());

        // 2.1.1 has no APP_USER: the CPO was sent the token as OTHER, and asks for it so.
        using var response = await net.SendAsync(cpo, HttpMethod.Post, "sender/tokens/APP-E30/authorize?type=OTHER",
            AuthorizationNetwork.LocationReferences(OcpiVersion.V211));

        var (http, status, data) = await ReadAsync(response);
        Assert.True((http, status) == (200, 1000), await response.Content.ReadAsStringAsync());
        Assert.Equal("ALLOWED", data!["allowed"]!.GetValue<string>());
        var asked = Assert.Single(Asked(emsp));
        Assert.Equal(("/ocpi/2.3.0/tokens/APP-E30/authorize", "?type=APP_USER"), (asked.Path, asked.Query));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task With_the_broadcast_fallback_the_agreed_emsps_are_asked_and_the_allowed_one_wins(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false, "--Hub:Authorization:BroadcastUnknownTokens=true");
        var net = network.Net;
        net.Emsp211.Authorizations.Answer("CARD-X", new AuthorizationAnswer("ALLOWED", "NOT-AGREED"));
        net.Emsp221.Authorizations.Answer("CARD-X", new AuthorizationAnswer("BLOCKED", "REF-E22"));
        net.Emsp230.Authorizations.Answer("CARD-X", new AuthorizationAnswer("ALLOWED", "REF-E30", Delay: TimeSpan.FromMilliseconds(200)));

        using var response = await network.AuthorizeAsync(net.Cpo221, "CARD-X");

        var (http, status, data) = await ReadAsync(response);
        Assert.Equal((200, 1000), (http, status));
        Assert.Equal(("ALLOWED", "REF-E30"), (data!["allowed"]!.GetValue<string>(), data["authorization_reference"]!.GetValue<string>()));
        Assert.Equal("E30", response.Headers.GetValues("OCPI-from-party-id").Single());
        // C22 is agreed with E22 and E30 only.
        Assert.Single(Asked(net.Emsp221));
        Assert.Single(Asked(net.Emsp230));
        Assert.Empty(Asked(net.Emsp211));

        // None allows: the answer that says most (an AuthorizationInfo) rather than "unknown token".
        net.Emsp230.Authorizations.Answer("CARD-Y", new AuthorizationAnswer("EXPIRED", "REF-Y"));
        using var expired = await network.AuthorizeAsync(net.Cpo221, "CARD-Y");
        var (_, expiredStatus, expiredData) = await ReadAsync(expired);
        Assert.Equal((1000, "EXPIRED"), (expiredStatus, expiredData!["allowed"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_emsps_success_without_a_valid_AuthorizationInfo_reaches_the_cpo_as_4000_naming_the_problem(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false);
        var net = network.Net;
        var token = JsonNode.Parse(TokenJson.Token(OcpiVersion.V221, "DE", "E22", TokenOf(net.Emsp221)))!;
        var answers = new (SimulatedPartner Cpo, SimulatedPartner Emsp, JsonNode Data, string Problem)[]
        {
            (net.Cpo221, net.Emsp221, new JsonArray(), "$: wrong JSON type"),
            (net.Cpo221, net.Emsp221, JsonValue.Create("ALLOWED"), "$: wrong JSON type"),
            (net.Cpo221, net.Emsp221, new JsonObject { ["allowed"] = "MAYBE", ["token"] = token.DeepClone() }, "$.allowed: 'MAYBE' is not a AllowedType value in 2.2.1"),
            (net.Cpo221, net.Emsp221, new JsonObject { ["token"] = token.DeepClone() }, "$.allowed: required field missing"),
            (net.Cpo211, net.Emsp211, new JsonObject { ["allowed"] = "MAYBE" }, "$.allowed: 'MAYBE' is not a AllowedType value in 2.1.1"),
        };

        foreach (var (cpo, emsp, data, problem) in answers)
        {
            emsp.Authorizations.Answer(TokenOf(emsp), new AuthorizationAnswer(Data: data));
            using var response = await network.AuthorizeAsync(cpo, TokenOf(emsp));

            var envelope = await Partners.EnvelopeAsync(response);
            var message = envelope["status_message"]?.GetValue<string>() ?? "";
            Assert.True(((int)response.StatusCode, envelope["status_code"]!.GetValue<int>(), envelope["data"]) == (200, OcpiStatusCodes.For(cpo.Options.Version, 4000), null),
                $"{data.ToJsonString()}: {envelope.ToJsonString()}");
            Assert.Contains($"{emsp.Options.Parties[0].CountryCode}*{emsp.Options.Parties[0].PartyId} answered with no AuthorizationInfo the hub can read", message);
            Assert.Contains(problem, message);
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_emsps_decision_with_a_faulty_token_reaches_the_cpo_with_the_token_the_hub_stores(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: true, "--Hub:Authorization:BroadcastUnknownTokens=true");
        var net = network.Net;
        JsonObject FaultyToken(SimulatedPartner emsp, Action<JsonObject> spoil)
        {
            var party = emsp.Options.Parties[0];
            var token = JsonNode.Parse(TokenJson.Token(emsp.Options.Version, party.CountryCode, party.PartyId, TokenOf(emsp)))!.AsObject();
            token["issuer"] = "Faulty";
            spoil(token);
            return token;
        }
        var faulty = new (SimulatedPartner Emsp, JsonObject Token)[]
        {
            (net.Emsp221, FaultyToken(net.Emsp221, t => t.Remove("last_updated"))),
            (net.Emsp230, FaultyToken(net.Emsp230, t => t["visual_number"] = new string('9', 65))),
        };

        foreach (var (emsp, token) in faulty)
        {
            emsp.Authorizations.Answer(TokenOf(emsp), new AuthorizationAnswer(Data: new JsonObject { ["allowed"] = "ALLOWED", ["token"] = token }));
            foreach (var cpo in new[] { net.Cpo211, net.Cpo221 })
            {
                using var response = await network.AuthorizeAsync(cpo, TokenOf(emsp));

                var (http, status, data) = await ReadAsync(response);
                var pair = $"{cpo.Options.Version.ToWire()} CPO, {emsp.Options.Version.ToWire()} eMSP: {await response.Content.ReadAsStringAsync()}";
                Assert.True((http, status, data?["allowed"]?.GetValue<string>()) == (200, 1000, "ALLOWED"), pair);
                if (cpo.Options.Version != OcpiVersion.V211)
                    Assert.Equal($"Mobility {emsp.Options.Parties[0].PartyId}", data!["token"]!["issuer"]!.GetValue<string>());
            }
        }
        // The eMSP's token it replaced is a loss the metrics count, per CPO.
        var metrics = await Operations.Scrape.TextAsync(net.Hub.BaseUrl);
        foreach (var cpo in new[] { "C11", "C22" })
            Assert.Equal(2, Operations.Scrape.Sum(metrics, "ocpihub_translation_losses_total", ("receiver", await net.PlatformIdAsync(cpo)), ("field", "AuthorizationInfo.token")));

        // Of several eMSPs asked, the one allowing with a faulty token still wins.
        net.Emsp221.Authorizations.Answer("CARD-F", new AuthorizationAnswer("BLOCKED"));
        net.Emsp230.Authorizations.Answer("CARD-F", new AuthorizationAnswer(Delay: TimeSpan.FromMilliseconds(200),
            Data: new JsonObject { ["allowed"] = "ALLOWED", ["token"] = FaultyToken(net.Emsp230, t => t.Remove("last_updated")) }));
        using var several = await network.AuthorizeAsync(net.Cpo221, "CARD-F");
        var (_, severalStatus, severalData) = await ReadAsync(several);
        Assert.Equal((1000, "ALLOWED"), (severalStatus, severalData?["allowed"]?.GetValue<string>()));
        Assert.Equal("E30", several.Headers.GetValues("OCPI-from-party-id").Single());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Of_several_emsps_one_answering_no_valid_AuthorizationInfo_ranks_below_a_readable_answer(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false, "--Hub:Authorization:BroadcastUnknownTokens=true");
        var net = network.Net;
        net.Emsp221.Authorizations.Answer("CARD-X", new AuthorizationAnswer(Data: new JsonArray()));
        net.Emsp230.Authorizations.Answer("CARD-X", new AuthorizationAnswer("BLOCKED", "REF-E30", Delay: TimeSpan.FromMilliseconds(200)));

        using var response = await network.AuthorizeAsync(net.Cpo221, "CARD-X");

        var (http, status, data) = await ReadAsync(response);
        Assert.Equal((200, 1000, "BLOCKED"), (http, status, data?["allowed"]?.GetValue<string>()));
        Assert.Equal("E30", response.Headers.GetValues("OCPI-from-party-id").Single());

        // Neither can be read: the hub's 4000, naming what is wrong.
        net.Emsp221.Authorizations.Answer("CARD-Y", new AuthorizationAnswer(Data: JsonValue.Create("ALLOWED")));
        net.Emsp230.Authorizations.Answer("CARD-Y", new AuthorizationAnswer("MAYBE"));
        using var unreadable = await network.AuthorizeAsync(net.Cpo221, "CARD-Y");
        var envelope = await Partners.EnvelopeAsync(unreadable);
        Assert.Equal((200, 4000), ((int)unreadable.StatusCode, envelope["status_code"]!.GetValue<int>()));
        Assert.Contains("answered with no AuthorizationInfo the hub can read", envelope["status_message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Ocpi_to_naming_an_emsp_goes_there_and_naming_the_hub_is_open_routing(StorageKind storage)
    {
        await using var network = await StartAsync(storage, everyPair: false);
        var net = network.Net;
        net.Emsp221.Authorizations.Answer(TokenOf(net.Emsp221), new AuthorizationAnswer("ALLOWED", "FROM-OWNER"));
        net.Emsp230.Authorizations.Answer(TokenOf(net.Emsp221), new AuthorizationAnswer("ALLOWED", "FROM-ADDRESSED"));

        using var addressed = await network.AuthorizeAsync(net.Cpo221, TokenOf(net.Emsp221), ("OCPI-to-country-code", "DE"), ("OCPI-to-party-id", "E30"));
        using var toHub = await network.AuthorizeAsync(net.Cpo221, TokenOf(net.Emsp221), ("OCPI-to-country-code", "DE"), ("OCPI-to-party-id", "HUB"));

        Assert.Equal("FROM-ADDRESSED", (await ReadAsync(addressed)).Data!["authorization_reference"]!.GetValue<string>());
        Assert.Equal("FROM-OWNER", (await ReadAsync(toHub)).Data!["authorization_reference"]!.GetValue<string>());
        Assert.Single(Asked(net.Emsp230));
        Assert.Single(Asked(net.Emsp221));
    }
}
