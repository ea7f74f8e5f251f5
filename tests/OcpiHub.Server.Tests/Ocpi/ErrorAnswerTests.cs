using System.Net.Http.Headers;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Ocpi;

/// <summary>
/// Every kind of refusal the hub makes, over real HTTP, against the one status rule of docs/routing.md: 401 for
/// authentication, 400 for a body that is not JSON, 404 for a URL that addresses nothing, 405 for a method the resource does not have, and HTTP 200 with the OCPI status for everything that reached the
/// OCPI layer. Answers of the functional modules carry the routing headers (2.2.1+, when the requester is known):
/// FROM the hub or the party answered for, TO the requester.
/// </summary>
public class ErrorAnswerTests
{
    private const string Hub = "DE*HUB";

    /// <summary>
    /// One request and its expected answer. <paramref name="Caller"/> null: sent with <paramref name="Token"/> (or
    /// none) instead of a partner's token. <paramref name="Path"/> follows <c>/ocpi/</c>. <paramref name="From"/> /
    /// <paramref name="To"/>: the routing headers expected, null for none.
    /// </summary>
    private sealed record Row(string Name, SimulatedPartner? Caller, string Method, string Path, string? Body, int Http, int Ocpi,
        string? From, string? To, (string Name, string Value)[]? Headers = null, string? Token = null);

    private static IEnumerable<Row> Rows(RoamingNetwork net, string tokenA)
    {
        var (c11, c22, e11, e22, e30) = (net.Cpo211, net.Cpo221, net.Emsp211, net.Emsp221, net.Emsp230);
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1");
        (string, string)[] To(string country, string party) => [("OCPI-to-country-code", country), ("OCPI-to-party-id", party)];

        // Authentication: the requester is not known.
        yield return new("no token", null, "GET", "2.2.1/sender/locations", null, 401, 2000, null, null);
        yield return new("unknown token", null, "GET", "2.2.1/sender/locations", null, 401, 2000, null, null, Token: "nobody");
        yield return new("token A on a functional module", null, "GET", "2.2.1/sender/locations", null, 401, 2000, null, null, Token: tokenA);

        // A body that is not JSON never reached the OCPI layer.
        yield return new("malformed JSON", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", "{\"id\": ", 400, 2001, Hub, "NL*C22");
        yield return new("empty body", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", "", 400, 2001, Hub, "NL*C22");
        yield return new("malformed credentials (a configuration module: no routing headers)", c22, "PUT", "2.2.1/credentials", "{", 400, 2001, null, null);

        // Body and validation refusals: JSON that reached the OCPI layer.
        yield return new("wrong JSON type", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location.Replace("\"publish\":true", "\"publish\":\"yes\""), 200, 2001, Hub, "NL*C22");
        yield return new("missing field", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location.Replace("\"city\":\"Utrecht\",", ""), 200, 2001, Hub, "NL*C22");
        yield return new("id differs from the URL", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L2", location, 200, 2001, Hub, "NL*C22");
        yield return new("JSON null", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", "null", 200, 2001, Hub, "NL*C22");
        yield return new("wrong JSON type in credentials", c22, "PUT", "2.2.1/credentials", "{\"token\":1}", 200, 2001, null, null);
        yield return new("a 2.1.1 partner gets no routing headers", c11, "PUT", "2.1.1/receiver/locations/NL/C11/L1", "{\"id\":1}", 200, 2001, null, null);

        // Paging refusals.
        yield return new("limit zero", e22, "GET", "2.2.1/sender/locations?limit=0", null, 200, 2001, Hub, "DE*E22");
        yield return new("date_from not a DateTime", e22, "GET", "2.2.1/sender/locations?date_from=yesterday", null, 200, 2001, Hub, "DE*E22");
        yield return new("sessions without date_from", e22, "GET", "2.2.1/sender/sessions", null, 200, 2001, Hub, "DE*E22");
        yield return new("client info limit zero (a configuration module)", e22, "GET", "2.2.1/hubclientinfo?limit=0", null, 200, 2001, null, null);

        // Routing refusals.
        yield return new("OCPI-from of another platform", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location, 200, 2000, Hub, "NL*C22",
            [("OCPI-from-country-code", "NL"), ("OCPI-from-party-id", "C11")]);
        yield return new("a CPO reading Locations", c22, "GET", "2.2.1/sender/locations", null, 200, 2000, Hub, "NL*C22");
        yield return new("push to a party without agreement", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location, 200, 2000, Hub, "NL*C22", To("DE", "E11"));
        yield return new("push to an unknown receiver", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location, 200, 4001, Hub, "NL*C22", To("FR", "NOP"));
        yield return new("unknown receiver to 2.1.1 (3000: 2.1.1 has no hub codes)", c11, "PUT", "2.1.1/receiver/locations/NL/C11/L1",
            LocationJson.Location(OcpiVersion.V211, "NL", "C11", "L1"), 200, 3000, null, null, To("FR", "NOP"));
        yield return new("page addressed to an eMSP", e22, "GET", "2.2.1/sender/locations", null, 200, 2001, Hub, "DE*E22", To("DE", "E30"));
        yield return new("single object without OCPI-to", e22, "GET", "2.2.1/sender/locations/SAME", null, 200, 2001, Hub, "DE*E22");
        yield return new("single object held by two owners (2.1.1 path)", e30, "GET", "2.1.1/sender/locations/SAME", null, 200, 2001, null, null);
        yield return new("push under another platform's party", c22, "PUT", "2.2.1/receiver/locations/NL/C11/L1",
            LocationJson.Location(OcpiVersion.V221, "NL", "C11", "L1"), 200, 2000, Hub, "NL*C22");
        yield return new("read back another platform's object", c22, "GET", "2.2.1/receiver/locations/NL/C11/SAME", null, 200, 2000, Hub, "NL*C22");
        yield return new("read back as another platform's party", c22, "GET", "2.2.1/receiver/locations/NL/C22/SAME", null, 200, 2000, Hub, "NL*C22",
            [("OCPI-from-country-code", "NL"), ("OCPI-from-party-id", "C11")]);
        yield return new("OCPI-to-country-code alone", e22, "GET", "2.2.1/sender/locations", null, 200, 2001, Hub, "DE*E22", [("OCPI-to-country-code", "NL")]);
        yield return new("OCPI-from-party-id of two characters", e22, "GET", "2.2.1/sender/locations", null, 200, 2001, Hub, "DE*E22",
            [("OCPI-from-country-code", "DE"), ("OCPI-from-party-id", "E2")]);
        yield return new("a 2.1.1 push with OCPI-to-party-id alone", c11, "PUT", "2.1.1/receiver/locations/NL/C11/L3",
            LocationJson.Location(OcpiVersion.V211, "NL", "C11", "L3"), 200, 2001, null, null, [("OCPI-to-party-id", "E11")]);

        // URLs that address nothing.
        yield return new("unknown object", e22, "GET", "2.2.1/sender/locations/NOPE", null, 404, 2003, "NL*C22", "DE*E22", To("NL", "C22"));
        yield return new("PATCH of an unknown object", c22, "PATCH", "2.2.1/receiver/locations/NL/C22/NOPE", "{\"name\":\"X\",\"last_updated\":\"2026-11-01T10:00:00Z\"}",
            404, 2003, Hub, "NL*C22");
        yield return new("DELETE of an unknown tariff", c22, "DELETE", "2.2.1/receiver/tariffs/NL/C22/NOPE", null, 404, 2000, Hub, "NL*C22");
        yield return new("too many ids", c22, "PUT", "2.2.1/receiver/tariffs/NL/C22/T1/T2", "{}", 404, 2001, Hub, "NL*C22");
        yield return new("unknown module", e22, "GET", "2.2.1/nothing", null, 404, 2000, null, null);
        yield return new("unsupported version", e22, "GET", "2.2/sender/locations", null, 404, 3002, null, null);
        yield return new("client info in 2.1.1", e11, "GET", "2.1.1/hubclientinfo", null, 404, 2000, null, null);

        // Methods the resource does not have.
        yield return new("PATCH of a 2.2.1 tariff", c22, "PATCH", "2.2.1/receiver/tariffs/NL/C22/T1", "{}", 405, 2000, Hub, "NL*C22");
        yield return new("PUT of a CDR", c22, "PUT", "2.2.1/receiver/cdrs/NL/C22/CDR1", "{}", 405, 2000, Hub, "NL*C22");
        yield return new("DELETE of a Location", c22, "DELETE", "2.2.1/receiver/locations/NL/C22/SAME", null, 405, 2000, Hub, "NL*C22");
        yield return new("credentials POST when registered", c22, "POST", "2.2.1/credentials", "{}", 405, 2000, null, null);

        // Real-time authorization (the Tokens sender interface CPOs call): an unknown token is the one 404 OCPI names.
        const string references = """{"location_id":"SAME","evse_uids":["SAME-E1"]}""";
        yield return new("authorization of a token the hub does not know", c22, "POST", "2.2.1/sender/tokens/NOPE/authorize?type=RFID", references, 404, 2004, Hub, "NL*C22");
        yield return new("authorization body that is not JSON", c22, "POST", "2.2.1/sender/tokens/NOPE/authorize", "{", 400, 2001, Hub, "NL*C22");
        yield return new("authorization body of the wrong type", c22, "POST", "2.2.1/sender/tokens/NOPE/authorize", """{"location_id":1}""", 200, 2001, Hub, "NL*C22");
        yield return new("authorization asked by an eMSP", e22, "POST", "2.2.1/sender/tokens/NOPE/authorize", references, 200, 2000, Hub, "DE*E22");
        yield return new("authorization addressed to an unknown party", c22, "POST", "2.2.1/sender/tokens/NOPE/authorize", references, 200, 4001, Hub, "NL*C22", To("FR", "NOP"));

        // Commands (eMSP to CPO) and their results (CPO to the hub's response URL).
        var unlock = """{"response_url":"http://127.0.0.1:9/result","location_id":"NOPE","evse_uid":"NOPE-E1","connector_id":"1"}""";
        yield return new("unknown command", e22, "POST", "2.2.1/receiver/commands/FLY", "{}", 404, 2001, Hub, "DE*E22");
        yield return new("command body that is not JSON", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", "{", 400, 2001, Hub, "DE*E22");
        yield return new("command missing fields", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", """{"response_url":"http://127.0.0.1:9/result"}""", 200, 2001, Hub, "DE*E22");
        yield return new("command for a Location nobody holds", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", unlock, 200, 2003, Hub, "DE*E22");
        yield return new("command sent by a CPO", c22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", unlock, 200, 2000, Hub, "NL*C22");
        yield return new("command to a CPO without agreement", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", unlock, 200, 2000, Hub, "DE*E22", To("NL", "C11"));
        yield return new("command to an unknown party", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", unlock, 200, 4001, Hub, "DE*E22", To("FR", "NOP"));
        yield return new("a command with OCPI-to-country-code alone", e22, "POST", "2.2.1/receiver/commands/UNLOCK_CONNECTOR", unlock, 200, 2001, Hub, "DE*E22",
            [("OCPI-to-country-code", "NL")]);
        yield return new("command result nobody awaits", c22, "POST", "2.2.1/sender/commands/UNLOCK_CONNECTOR/NOPE", """{"result":"ACCEPTED"}""", 404, 2001, Hub, "NL*C22");

        // Charging profiles (2.2.1+).
        yield return new("charging profiles in 2.1.1", e11, "PUT", "2.1.1/receiver/chargingprofiles/S1", "{}", 404, 2000, null, null);
        yield return new("charging profile body that is not JSON", e22, "PUT", "2.2.1/receiver/chargingprofiles/S1", "{", 400, 2001, Hub, "DE*E22");
        yield return new("charging profile of a session nobody holds", e22, "PUT", "2.2.1/receiver/chargingprofiles/NOPE",
            """{"charging_profile":{"charging_rate_unit":"W"},"response_url":"http://127.0.0.1:9/result"}""", 200, 2001, Hub, "DE*E22");
        yield return new("active charging profile from an eMSP", e22, "PUT", "2.2.1/sender/chargingprofiles/S1",
            """{"start_date_time":"2026-11-01T10:00:00Z","charging_profile":{"charging_rate_unit":"W"}}""", 200, 2000, Hub, "DE*E22");

        // What is accepted carries the same headers: a page of one addressed owner is answered for it (OCPI 2.2.1,
        // "Party to Party via Hub": FROM the receiving party), GET All for every owner by the hub.
        yield return new("accepted push", c22, "PUT", "2.2.1/receiver/locations/NL/C22/L1", location, 201, 1000, Hub, "NL*C22");
        yield return new("a 2.1.1 push with routing headers naming the hub", c11, "PUT", "2.1.1/receiver/locations/NL/C11/L2",
            LocationJson.Location(OcpiVersion.V211, "NL", "C11", "L2"), 201, 1000, null, null, [("OCPI-from-country-code", "nl"), ("OCPI-from-party-id", "c11"), .. To("DE", "HUB")]);
        yield return new("page addressed to its owner", e22, "GET", "2.2.1/sender/locations", null, 200, 1000, "NL*C22", "DE*E22", To("NL", "C22"));
        yield return new("page addressed to the hub", e22, "GET", "2.2.1/sender/locations", null, 200, 1000, Hub, "DE*E22", To("DE", "HUB"));
        yield return new("page addressed to the requester itself", e22, "GET", "2.2.1/sender/locations", null, 200, 1000, Hub, "DE*E22", To("DE", "E22"));
        yield return new("page without OCPI-to", e22, "GET", "2.2.1/sender/locations", null, 200, 1000, Hub, "DE*E22");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Every_refusal_has_the_status_of_its_kind_and_the_routing_headers_of_its_module(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        foreach (var (cpo, version) in new[] { (net.Cpo211, OcpiVersion.V211), (net.Cpo221, OcpiVersion.V221) })
        {
            var owner = cpo.Options.Parties[0].PartyId;
            await net.SendOkAsync(cpo, HttpMethod.Put, $"receiver/locations/NL/{owner}/SAME", LocationJson.Location(version, "NL", owner, "SAME"));
        }
        var tokenA = (await net.Hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Pending" }, 201))["token_a"]!.GetValue<string>();

        var wrong = new List<string>();
        foreach (var row in Rows(net, tokenA))
        {
            using var response = await SendAsync(net.Hub, row);
            var text = await response.Content.ReadAsStringAsync();
            var ocpi = System.Text.Json.Nodes.JsonNode.Parse(text)?["status_code"]?.GetValue<int>();
            var actual = ((int)response.StatusCode, ocpi, Party(response, "from"), Party(response, "to"));
            if (actual != (row.Http, row.Ocpi, row.From, row.To))
                wrong.Add($"{row.Name}: expected HTTP {row.Http}, OCPI {row.Ocpi}, {row.From ?? "-"} -> {row.To ?? "-"}; got HTTP {actual.Item1}, OCPI {actual.ocpi}, {actual.Item3 ?? "-"} -> {actual.Item4 ?? "-"}: {text}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<HttpResponseMessage> SendAsync(HubUnderTest hub, Row row)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), $"{hub.BaseUrl}/ocpi/{row.Path}");
        if (row.Body is not null)
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in row.Headers ?? [])
            request.Headers.TryAddWithoutValidation(name, value);
        if (row.Caller is not null)
            return await row.Caller.SendToHubAsync(request);
        if (row.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", row.Token);
        using var http = new HttpClient();
        return await http.SendAsync(request);
    }

    /// <summary>The party an answer's OCPI-from-* or OCPI-to-* headers name, or null when it has neither.</summary>
    private static string? Party(HttpResponseMessage response, string side)
    {
        string? Header(string name) => response.Headers.TryGetValues($"OCPI-{side}-{name}", out var values) ? values.Single() : null;
        return Header("country-code") is { } country ? $"{country}*{Header("party-id")}" : Header("party-id");
    }
}
