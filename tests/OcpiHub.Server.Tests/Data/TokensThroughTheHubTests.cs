using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Tokens end to end over real HTTP (<see cref="RoamingNetwork"/>): eMSPs of 2.1.1, 2.2.1 and 2.3.0 put and patch,
/// CPOs of 2.1.1 and 2.2.1 receive exactly their agreed eMSPs' tokens in their own version and URL shape (the type
/// in the query from 2.2.1), and pull pages of the hub's copy. A token is its uid and its type.
/// </summary>
public class TokensThroughTheHubTests
{
    private static Task<IReadOnlyList<RecordedRequest>> ChangesAsync(SimulatedPartner cpo, int count) => RoamingNetwork.ChangesAsync(cpo, "tokens", count);

    private static IReadOnlyList<RecordedRequest> Changes(SimulatedPartner cpo) => RoamingNetwork.Changes(cpo, "tokens");

    private static async Task PutAsync(RoamingNetwork net, SimulatedPartner emsp, string uid, string type = "RFID", string query = "", string updated = TokenJson.Updated)
    {
        var party = emsp.Options.Parties[0];
        using var put = await net.SendAsync(emsp, HttpMethod.Put, $"receiver/tokens/DE/{party.PartyId}/{uid}{query}",
            TokenJson.Token(emsp.Options.Version, "DE", party.PartyId, uid, type, updated));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    private static async Task<JsonNode?> ReadBackAsync(RoamingNetwork net, SimulatedPartner emsp, string uidAndQuery)
    {
        using var response = await net.SendAsync(emsp, HttpMethod.Get, $"receiver/tokens/DE/{emsp.Options.Parties[0].PartyId}/{uidAndQuery}");
        return response.IsSuccessStatusCode ? (await Partners.EnvelopeAsync(response))["data"] : null;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_token_put_and_patch_reach_exactly_the_agreed_cpos_each_in_its_own_version(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);

        await PutAsync(net, net.Emsp230, "U30", "APP_USER", "?type=APP_USER");
        using var patch = await net.SendAsync(net.Emsp230, HttpMethod.Patch, "receiver/tokens/DE/E30/U30?type=APP_USER", """{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        // 2.1.1 CPO: no type in the URL, the 2.1.1 shape (auth_id, APP_USER as OTHER) with the owner's ids
        // back-ported, no routing headers.
        var toC11 = await ChangesAsync(net.Cpo211, 2);
        Assert.Equal([("PUT", "/ocpi/2.1.1/tokens/DE/E30/U30", ""), ("PATCH", "/ocpi/2.1.1/tokens/DE/E30/U30", "")], toC11.Select(r => (r.Method, r.Path, r.Query)));
        var c11Body = JsonNode.Parse(toC11[0].Body)!;
        Assert.Equal(("U30", "OTHER", "E30-U30"), (c11Body["uid"]!.GetValue<string>(), c11Body["type"]!.GetValue<string>(), c11Body["auth_id"]!.GetValue<string>()));
        Assert.Equal(("DE", "E30"), (c11Body["country_code"]!.GetValue<string>(), c11Body["party_id"]!.GetValue<string>()));
        Assert.Null(toC11[0].Header("OCPI-to-party-id"));
        Assert.Equal("""{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""", toC11[1].Body);

        // 2.2.1 CPO: the type in the query, the owner and contract id in the body, the routing headers.
        var toC22 = await ChangesAsync(net.Cpo221, 2);
        Assert.Equal([("PUT", "/ocpi/2.2.1/tokens/DE/E30/U30", "?type=APP_USER"), ("PATCH", "/ocpi/2.2.1/tokens/DE/E30/U30", "?type=APP_USER")],
            toC22.Select(r => (r.Method, r.Path, r.Query)));
        var c22Body = JsonNode.Parse(toC22[0].Body)!;
        Assert.Equal(("DE", "E30", "APP_USER", "E30-U30"), (c22Body["country_code"]!.GetValue<string>(), c22Body["party_id"]!.GetValue<string>(),
            c22Body["type"]!.GetValue<string>(), c22Body["contract_id"]!.GetValue<string>()));
        Assert.Equal(("DE", "HUB", "NL", "C22"), (toC22[0].Header("OCPI-from-country-code"), toC22[0].Header("OCPI-from-party-id"), toC22[0].Header("OCPI-to-country-code"), toC22[0].Header("OCPI-to-party-id")));

        // A 2.1.1 eMSP's token (keyed by its body's type) reaches only C11; a 2.2.1 eMSP's without ?type= is RFID and reaches only C22.
        await PutAsync(net, net.Emsp211, "U11", "OTHER");
        await PutAsync(net, net.Emsp221, "U22");
        Assert.Equal(("/ocpi/2.1.1/tokens/DE/E11/U11", ""), ((await ChangesAsync(net.Cpo211, 3))[2].Path, (await ChangesAsync(net.Cpo211, 3))[2].Query));
        Assert.Equal(("/ocpi/2.2.1/tokens/DE/E22/U22", "?type=RFID"), ((await ChangesAsync(net.Cpo221, 3))[2].Path, (await ChangesAsync(net.Cpo221, 3))[2].Query));
        Assert.Equal("OTHER", (await ReadBackAsync(net, net.Emsp211, "U11?type=OTHER"))!["type"]!.GetValue<string>());
        Assert.False((await ReadBackAsync(net, net.Emsp230, "U30?type=APP_USER"))!["valid"]!.GetValue<bool>());

        // An EMAID (2.3.0 only; 2.2.1's TokenType is a closed enum) reaches the 2.2.1 CPO as OTHER, in its body and its URL.
        await PutAsync(net, net.Emsp230, "EM30", "EMAID", "?type=EMAID");
        var emaid = (await ChangesAsync(net.Cpo221, 4))[3];
        Assert.Equal(("/ocpi/2.2.1/tokens/DE/E30/EM30", "?type=OTHER", "OTHER"), (emaid.Path, emaid.Query, JsonNode.Parse(emaid.Body)!["type"]!.GetValue<string>()));
        Assert.Equal("OTHER", JsonNode.Parse((await ChangesAsync(net.Cpo211, 4))[3].Body)!["type"]!.GetValue<string>());

        await Task.Delay(300);
        Assert.Equal([4, 4], new[] { net.Cpo211, net.Cpo221 }.Select(c => Changes(c).Count));
        Assert.DoesNotContain(net.Emsp211.Requests.Concat(net.Emsp221.Requests).Concat(net.Emsp230.Requests), r => r.Path.Contains("/tokens/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_patches_and_reads_back_its_other_token_by_uid_alone(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PutAsync(net, net.Emsp211, "APP11", "OTHER");

        // 2.1.1 URLs name a token by uid: the PATCH without a type is the eMSP's OTHER token, as there is no RFID one.
        using var patch = await net.SendAsync(net.Emsp211, HttpMethod.Patch, "receiver/tokens/DE/E11/APP11", """{"valid":false}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var read = (await ReadBackAsync(net, net.Emsp211, "APP11"))!;
        Assert.Equal(("OTHER", false), (read["type"]!.GetValue<string>(), read["valid"]!.GetValue<bool>()));
        var changes = await ChangesAsync(net.Cpo211, 2);
        Assert.Equal([("PUT", "/ocpi/2.1.1/tokens/DE/E11/APP11"), ("PATCH", "/ocpi/2.1.1/tokens/DE/E11/APP11")], changes.Select(r => (r.Method, r.Path)));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task One_uid_with_two_types_is_two_tokens(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PutAsync(net, net.Emsp221, "SAME");
        await PutAsync(net, net.Emsp221, "SAME", "APP_USER", "?type=APP_USER");

        using var patch = await net.SendAsync(net.Emsp221, HttpMethod.Patch, "receiver/tokens/DE/E22/SAME?type=APP_USER", """{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        Assert.True((await ReadBackAsync(net, net.Emsp221, "SAME"))!["valid"]!.GetValue<bool>());
        Assert.False((await ReadBackAsync(net, net.Emsp221, "SAME?type=APP_USER"))!["valid"]!.GetValue<bool>());
        // Two tokens, each one's changes in order; the hub keeps no order between different objects (a receiver's
        // lane sends several objects at once), so the two PUTs may come either way round.
        var changes = (await ChangesAsync(net.Cpo221, 3)).Select(r => (r.Method, r.Query)).ToList();
        Assert.Equal([("PUT", "?type=RFID")], changes.Where(c => c.Query == "?type=RFID"));
        Assert.Equal([("PUT", "?type=APP_USER"), ("PATCH", "?type=APP_USER")], changes.Where(c => c.Query == "?type=APP_USER"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Cpos_pull_pages_of_exactly_their_agreed_emsps_tokens(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        for (var i = 1; i <= 2; i++)
            await PutAsync(net, net.Emsp211, $"A{i}", updated: $"2026-11-0{i}T10:00:00Z");
        for (var i = 1; i <= 2; i++)
            await PutAsync(net, net.Emsp221, $"B{i}", updated: $"2026-11-0{i}T11:00:00Z");
        await PutAsync(net, net.Emsp230, "C1", updated: "2026-11-03T12:00:00Z");

        Assert.Equal(["A1", "A2", "C1"], await net.PullAllAsync(net.Cpo211, "tokens", "uid", "limit=2"));
        Assert.Equal(["B1", "B2", "C1"], await net.PullAllAsync(net.Cpo221, "tokens", "uid", "limit=1"));
        // date_from inclusive, date_to exclusive, carried by every Link.
        Assert.Equal(["A2"], await net.PullAllAsync(net.Cpo211, "tokens", "uid", "limit=1&date_from=2026-11-02T10:00:00Z&date_to=2026-11-03T12:00:00Z"));
        Assert.Equal(["B2"], await net.PullAllAsync(net.Cpo221, "tokens", "uid", "limit=1&date_from=2026-11-02T11:00:00Z&date_to=2026-11-03T12:00:00Z"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_token_push_whose_routing_headers_name_no_party_is_refused_not_broadcast(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        (string Name, string Value)[][] meantForC22 =
        [
            [("OCPI-to-party-id", "C22")],
            [("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "C2")],
            [("OCPI-to-country-code", "N1"), ("OCPI-to-party-id", "C22")],
        ];
        foreach (var headers in meantForC22)
        {
            using var response = await net.SendAsync(net.Emsp230, HttpMethod.Put, "receiver/tokens/DE/E30/U1",
                TokenJson.Token(OcpiVersion.V230, "DE", "E30", "U1"), headers);

            var envelope = await Partners.EnvelopeAsync(response);
            Assert.True(envelope["status_code"]!.GetValue<int>() == 2001, $"{string.Join(", ", headers)}: {envelope}");
            Assert.Contains("OCPI-to-", envelope["status_message"]!.GetValue<string>());
        }
        Assert.Null(await ReadBackAsync(net, net.Emsp230, "U1"));
        await Task.Delay(300);
        Assert.Empty(Changes(net.Cpo211).Concat(Changes(net.Cpo221)));
    }

    public static TheoryData<string, string, string, string, int, int, string> BadInput => new()
    {
        // case, method, path (after /ocpi/2.2.1/receiver/tokens/), body, HTTP, OCPI status, reason fragment
        { "invalid Token", "PUT", "DE/E22/U1", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "U1").Replace("\"contract_id\":\"E22-U1\",", ""), 200, 2001, "$.contract_id: required field missing" },
        { "uid differs from the URL", "PUT", "DE/E22/U2", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "U1"), 200, 2001, "$.uid: 'U1' differs from 'U2' in the URL" },
        { "type differs from the URL", "PUT", "DE/E22/U1?type=APP_USER", TokenJson.Token(OcpiVersion.V221, "DE", "E22", "U1"), 200, 2001, "$.type: 'RFID' differs from 'APP_USER' in the URL" },
        { "push under another party's ids", "PUT", "DE/E11/U1", TokenJson.Token(OcpiVersion.V221, "DE", "E11", "U1"), 200, 2000, "DE*E11" },
        { "PATCH of an unknown Token", "PATCH", "DE/E22/U1", """{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""", 404, 2000, "unknown token U1" },
        { "DELETE", "DELETE", "DE/E22/U1", "", 405, 2000, "DELETE is not allowed" },
    };

    [Theory, MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_its_error_and_nothing_is_stored_or_delivered(string name, string method, string path, string body, int http, int ocpi, string reason)
    {
        Assert.NotEmpty(name);
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite);

        using var response = await net.SendAsync(net.Emsp221, new HttpMethod(method), $"receiver/tokens/{path}", method == "DELETE" ? null : body);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal((http, ocpi), ((int)response.StatusCode, envelope["status_code"]!.GetValue<int>()));
        Assert.Contains(reason, envelope["status_message"]!.GetValue<string>());
        Assert.Null(await ReadBackAsync(net, net.Emsp221, "U1"));
        Assert.Null(await ReadBackAsync(net, net.Emsp221, "U1?type=APP_USER"));
        await Task.Delay(300);
        Assert.Empty(Changes(net.Cpo211).Concat(Changes(net.Cpo221)));
    }
}
