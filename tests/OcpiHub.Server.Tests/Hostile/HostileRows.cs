using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Protocol.OcpiVersion;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// The rows of <see cref="HostileInputTests"/> over a <see cref="RoamingNetwork"/> (C11 2.1.1 and C22 2.2.1 CPOs; E11,
/// E22, E30 eMSPs of 2.1.1, 2.2.1, 2.3.0) and a pending platform's token A. Statuses: docs/routing.md, "HTTP status of
/// errors" (401 unauthenticated, 400 not JSON or too deep, 404 nothing there, 405 no such method, 413 over the body
/// limit, 200 and the OCPI status for everything that reached the OCPI layer).
/// </summary>
public static class HostileRows
{
    private const string Cut = "{\"id\":\"L1\",\"name\":\"cut off";

    public static IEnumerable<HostileRequest> All(RoamingNetwork net, string tokenA)
    {
        var (c11, c22, e11, e22, e30) = (net.Cpo211, net.Cpo221, net.Emsp211, net.Emsp221, net.Emsp230);
        var loc211 = LocationJson.Location(V211, "NL", "C11", "L1");
        var loc221 = LocationJson.Location(V221, "NL", "C22", "L1");
        var tariff211 = TariffJson.Tariff(V211, "NL", "C11", "T1");
        var tariff221 = TariffJson.Tariff(V221, "NL", "C22", "T1");
        var session221 = ChargeJson.Session(V221, "C22", "E22", "S1", "LOC22");
        var session211 = ChargeJson.Session(V211, "C11", "E11", "S1", "LOC11");
        var cdr221 = ChargeJson.Cdr(V221, "C22", "E22", "CDR1", "LOC22");
        var cdr211 = ChargeJson.Cdr(V211, "C11", "E11", "CDR1", "LOC11");
        var token221 = TokenJson.Token(V221, "DE", "E22", "U1");
        var token230 = TokenJson.Token(V230, "DE", "E30", "U1");
        var token211 = TokenJson.Token(V211, "DE", "E11", "U1");
        (string, string)[] From(string country, string party) => [("OCPI-from-country-code", country), ("OCPI-from-party-id", party)];
        (string, string)[] To(string country, string party) => [("OCPI-to-country-code", country), ("OCPI-to-party-id", party)];

        // Versions and authentication.
        yield return new("versions without a token", null, "GET", "ocpi/versions", null, 401, 2000);
        yield return new("version details with an unknown token", null, "GET", "ocpi/2.2.1", null, 401, 2000, Token: "not-a-token-of-anyone");
        yield return new("version details of an unknown version", c22, "GET", "ocpi/9.9.9", null, 404, 3002);
        yield return new("a token of another scheme (Bearer)", null, "GET", "ocpi/2.2.1/sender/locations", null, 401, 2000,
            Headers: [("Authorization", "Bearer whatever")]);
        yield return new("an empty token", null, "GET", "ocpi/2.2.1/sender/locations", null, 401, 2000, Headers: [("Authorization", "Token ")]);
        yield return new("a huge token", null, "GET", "ocpi/2.2.1/sender/locations", null, 401, 2000, Token: Huge(8000));
        yield return new("token A on the Locations receiver", null, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1", loc221, 401, 2000, Token: tokenA);
        yield return new("token A on the Tariffs sender", null, "GET", "ocpi/2.1.1/sender/tariffs", null, 401, 2000, Token: tokenA);
        yield return new("token A on commands", null, "POST", "ocpi/2.2.1/receiver/commands/START_SESSION", "{}", 401, 2000, Token: tokenA);
        yield return new("token A on client info", null, "GET", "ocpi/2.2.1/hubclientinfo", null, 401, 2000, Token: tokenA);
        yield return new("an unknown token on the CDRs receiver", null, "POST", "ocpi/2.2.1/receiver/cdrs", cdr221, 401, 2000, Token: "guessed");
        yield return new("no token on the Tokens receiver", null, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1", token221, 401, 2000);

        // Credentials: bodies, states and hostile URLs (nothing of them may be called or kept).
        yield return new("credentials: malformed JSON", c22, "PUT", "ocpi/2.2.1/credentials", "{\"token\":", 400, 2001);
        yield return new("credentials: cut off", c22, "PUT", "ocpi/2.2.1/credentials", Credentials221("http://partner.example/versions")[..40], 400, 2001);
        yield return new("credentials: wrong types", c22, "PUT", "ocpi/2.2.1/credentials", "{\"token\":1,\"url\":[],\"roles\":{}}", 200, 2001);
        yield return new("credentials: a huge token", c22, "PUT", "ocpi/2.2.1/credentials",
            Credentials221("http://partner.example/versions").Replace("HOSTILE-TOKEN", Huge(100_000)), 200, 2001);
        yield return new("credentials: deep nesting", c22, "PUT", "ocpi/2.2.1/credentials", Deep(200), 400, 2001);
        yield return new("credentials: POST when registered", c22, "POST", "ocpi/2.2.1/credentials", Credentials221("http://partner.example/versions"), 405, 2000);
        yield return new("credentials: DELETE with token A", null, "DELETE", "ocpi/2.2.1/credentials", null, 405, 2000, Token: tokenA);
        // A URL that is no URL to call is a wrong field (2001); one the hub will not call is "unable to use the client's API" (3001).
        foreach (var (name, url, ocpiStatus) in HostileUrls)
        {
            yield return new($"credentials 2.2.1 with token A: {name}", null, "POST", "ocpi/2.2.1/credentials", Credentials221(url), 200, ocpiStatus, Token: tokenA);
            yield return new($"credentials 2.1.1 update: {name}", c11, "PUT", "ocpi/2.1.1/credentials", Credentials211(url), 200, ocpiStatus);
        }

        // Receivers, every module: bodies that are not JSON, too deep or too large, of the wrong shape, or not the URL's.
        yield return new("Location 2.2.1: cut off", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1", Cut, 400, 2001);
        yield return new("Location 2.1.1: not JSON", c11, "PUT", "ocpi/2.1.1/receiver/locations/NL/C11/L1", "{id: L1}", 400, 2001);
        yield return new("Location 2.2.1: wrong type", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"publish\":true", "\"publish\":{\"yes\":1}"), 200, 2001);
        yield return new("Location 2.1.1: a number for a string", c11, "PUT", "ocpi/2.1.1/receiver/locations/NL/C11/L1",
            loc211.Replace("\"city\":\"Utrecht\"", "\"city\":12"), 200, 2001);
        yield return new("Location 2.2.1: a huge name", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"city\":\"Utrecht\"", $"\"city\":\"{Huge(200_000)}\""), 200, 2001);
        yield return new("Location 2.2.1: deep nesting", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"publish\":true", $"\"publish\":{Deep(100)}"), 400, 2001);
        yield return new("Location 2.2.1: over the body limit", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"city\":\"Utrecht\"", $"\"city\":\"{Huge(HostileInputTests.BodyLimit + 1)}\""), 413, 2000);
        yield return new("Location 2.2.1: id differs from the URL", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L2", loc221, 200, 2001);
        yield return new("Location 2.2.1: owner differs from the URL", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"party_id\":\"C22\"", "\"party_id\":\"C11\""), 200, 2001);
        yield return new("Location 2.2.1: a country code of three letters in the URL", c22, "PUT", "ocpi/2.2.1/receiver/locations/NLC/22/L1", loc221, 404, 2001);
        yield return new("Location 2.2.1: under another platform's party", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C11/L1",
            LocationJson.Location(V221, "NL", "C11", "L1"), 200, 2000);
        yield return new("Location 2.2.1: an EVSE body for the Location", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            LocationJson.Evse(V221, "E1"), 200, 2001);
        yield return new("Location 2.2.1: a JSON array", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1", $"[{loc221}]", 200, 2001);
        yield return new("Location 2.2.1: a JSON string", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1", "\"L1\"", 200, 2001);
        yield return new("Location 2.2.1: a lone surrogate", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"city\":\"Utrecht\"", "\"city\":\"\\uD800\""), 200, 2001);
        yield return new("Location 2.2.1: a number out of range", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1",
            loc221.Replace("\"publish\":true", "\"publish\":true,\"evses\":[{\"uid\":\"E1\",\"status\":\"AVAILABLE\",\"connectors\":[{\"id\":\"1\",\"standard\":\"IEC_62196_T2\",\"format\":\"SOCKET\",\"power_type\":\"AC_3_PHASE\",\"max_voltage\":1e400,\"max_amperage\":16,\"last_updated\":\"2026-10-01T00:00:00Z\"}],\"last_updated\":\"2026-10-01T00:00:00Z\"}]"),
            200, 2001);
        yield return new("Location 2.2.1: path traversal in the id (..%2F)", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/..%2F..%2Fadmin", loc221, 200, 2001);
        yield return new("Location 2.2.1: encoded slashes in the id", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1%2FE1%2F1", loc221, 200, 2001);
        // The client resolves the dot segment before sending: what arrives addresses no endpoint.
        yield return new("Location 2.2.1: dot segments in the id (%2E%2E)", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/%2E%2E", loc221, 404, 2000);
        yield return new("Location 2.2.1: a 1000-character id", c22, "PUT", $"ocpi/2.2.1/receiver/locations/NL/C22/{Huge(1000)}", loc221, 200, 2001);
        yield return new("Location 2.2.1: PATCH with an array for a body (read before the object is looked for)", c22, "PATCH",
            "ocpi/2.2.1/receiver/locations/NL/C22/NOPE", Deep(30), 200, 2001);
        yield return new("Location 2.2.1: spoofed OCPI-from (another platform's party)", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L1", loc221, 200, 2000,
            Headers: From("NL", "C11"));
        yield return new("Location 2.1.1: spoofed OCPI-from (the hub)", c11, "PUT", "ocpi/2.1.1/receiver/locations/NL/C11/L1", loc211, 200, 2000,
            Headers: From("DE", "HUB"));
        yield return new("Location 2.3.0: pushed by an eMSP", e30, "PUT", "ocpi/2.3.0/receiver/locations/DE/E30/L1",
            LocationJson.Location(V230, "DE", "E30", "L1"), 200, 2000);
        yield return new("Tariff 2.2.1: cut off", c22, "PUT", "ocpi/2.2.1/receiver/tariffs/NL/C22/T1", tariff221[..(tariff221.Length / 2)], 400, 2001);
        yield return new("Tariff 2.1.1: wrong type", c11, "PUT", "ocpi/2.1.1/receiver/tariffs/NL/C11/T1", tariff211.Replace("\"currency\":\"EUR\"", "\"currency\":true"), 200, 2001);
        yield return new("Tariff 2.2.1: id differs from the URL", c22, "PUT", "ocpi/2.2.1/receiver/tariffs/NL/C22/T2", tariff221, 200, 2001);
        yield return new("Tariff 2.2.1: deep nesting", c22, "PUT", "ocpi/2.2.1/receiver/tariffs/NL/C22/T1", Deep(65), 400, 2001);
        yield return new("Session 2.2.1: cut off", c22, "PUT", "ocpi/2.2.1/receiver/sessions/NL/C22/S1", session221[..50], 400, 2001);
        yield return new("Session 2.1.1: wrong type", c11, "PUT", "ocpi/2.1.1/receiver/sessions/NL/C11/S1", session211.Replace("\"kwh\":1.5", "\"kwh\":\"lots\""), 200, 2001);
        yield return new("Session 2.2.1: id differs from the URL", c22, "PUT", "ocpi/2.2.1/receiver/sessions/NL/C22/S2", session221, 200, 2001);
        yield return new("Session 2.2.1: invalid object (no status)", c22, "PUT", "ocpi/2.2.1/receiver/sessions/NL/C22/S1",
            session221.Replace("\"status\":\"ACTIVE\",", ""), 200, 2001);
        yield return new("CDR 2.2.1: cut off", c22, "POST", "ocpi/2.2.1/receiver/cdrs", cdr221[..60], 400, 2001);
        yield return new("CDR 2.2.1: owner of another platform in the body", c22, "POST", "ocpi/2.2.1/receiver/cdrs",
            cdr221.Replace("\"party_id\":\"C22\"", "\"party_id\":\"C11\""), 200, 2000);
        yield return new("CDR 2.1.1: wrong type", c11, "POST", "ocpi/2.1.1/receiver/cdrs", cdr211.Replace("\"total_cost\":4.00", "\"total_cost\":[4]"), 200, 2001);
        yield return new("CDR 2.2.1: a JSON array", c22, "POST", "ocpi/2.2.1/receiver/cdrs", $"[{cdr221}]", 200, 2001);
        yield return new("CDR 2.2.1: over the body limit", c22, "POST", "ocpi/2.2.1/receiver/cdrs", new string(' ', HostileInputTests.BodyLimit + 10) + cdr221, 413, 2000);
        yield return new("Token 2.2.1: not JSON", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1", "<token/>", 400, 2001);
        yield return new("Token 2.3.0: wrong type", e30, "PUT", "ocpi/2.3.0/receiver/tokens/DE/E30/U1", token230.Replace("\"valid\":true", "\"valid\":\"true\""), 200, 2001);
        yield return new("Token 2.3.0: uid differs from the URL", e30, "PUT", "ocpi/2.3.0/receiver/tokens/DE/E30/U2", token230, 200, 2001);
        yield return new("Token 2.3.0: spoofed OCPI-from", e30, "PUT", "ocpi/2.3.0/receiver/tokens/DE/E30/U1", token230, 200, 2000, Headers: From("DE", "E22"));
        yield return new("Token 2.1.1: under another platform's party", e11, "PUT", "ocpi/2.1.1/receiver/tokens/DE/E22/U1",
            TokenJson.Token(V211, "DE", "E22", "U1"), 200, 2000);
        yield return new("Token 2.1.1: deep nesting", e11, "PUT", "ocpi/2.1.1/receiver/tokens/DE/E11/U1", token211.Replace("\"valid\":true", $"\"valid\":{Deep(80)}"), 400, 2001);
        yield return new("Token 2.2.1: pushed by a CPO", c22, "PUT", "ocpi/2.2.1/receiver/tokens/NL/C22/U1", TokenJson.Token(V221, "NL", "C22", "U1"), 200, 2000);
        yield return new("Token 2.2.1: to an unknown receiver", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1", token221, 200, 4001, Headers: To("FR", "NOP"));

        // Control characters, wherever text comes in (a NUL cannot be stored by PostgreSQL), numbers it cannot hold, and ids decoded once.
        const string controls = "must not contain control characters";
        yield return new("Token 2.2.1: a NUL in an unknown field", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"valid\":true", "\"valid\":true,\"x\":\"\\u0000\""), 200, 2001, Says: $"$.x: {controls}");
        yield return new("Token 2.2.1: a NUL deep in an unknown field", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"valid\":true", "\"valid\":true,\"x\":{\"y\":[\"\\u0000\"]}"), 200, 2001, Says: $"$.x.y[0]: {controls}");
        yield return new("Token 2.2.1: a NUL in an unknown field's name", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"valid\":true", "\"valid\":true,\"\\u0000\":1"), 200, 2001, Says: $"$: a field name {controls}");
        yield return new("Token 2.2.1: a lone surrogate in an unknown field", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"valid\":true", "\"valid\":true,\"x\":\"\\uD800\""), 200, 2001, Says: "$.x: holds a lone surrogate");
        yield return new("Token 2.2.1: a number in an unknown field that PostgreSQL cannot hold", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"valid\":true", "\"valid\":true,\"x\":[0e-20000]"), 200, 2001, Says: "$.x[0]: a number beyond what the hub keeps");
        yield return new("Token 2.2.1: a NUL for the type (an open enum)", e22, "PUT", "ocpi/2.2.1/receiver/tokens/DE/E22/U1",
            token221.Replace("\"type\":\"RFID\"", "\"type\":\"\\u0000\""), 200, 2001, Says: $"$.type: {controls}");
        yield return new("Token 2.3.0: a type of 5000 characters", e30, "PUT", "ocpi/2.3.0/receiver/tokens/DE/E30/U1",
            token230.Replace("\"type\":\"RFID\"", $"\"type\":\"{Huge(5000)}\""), 200, 2001, Says: "$.type: longer than 255 characters");
        yield return new("Token 2.2.1: GET with a NUL in ?type=", e22, "GET", "ocpi/2.2.1/receiver/tokens/DE/E22/U1?type=%00", null, 200, 2001,
            Says: $"query parameter type {controls}");
        yield return new("Token 2.2.1: PATCH with a NUL in ?type=", e22, "PATCH", "ocpi/2.2.1/receiver/tokens/DE/E22/U1?type=%00",
            "{\"valid\":false,\"last_updated\":\"2026-10-01T00:00:00Z\"}", 200, 2001, Says: $"query parameter type {controls}");
        yield return new("authorization 2.2.1: a NUL in ?type=", c22, "POST", "ocpi/2.2.1/sender/tokens/U1/authorize?type=%00", null, 200, 2001,
            Says: $"query parameter type {controls}");
        yield return new("authorization 2.2.1: a control character in the uid", c22, "POST", "ocpi/2.2.1/sender/tokens/U%01/authorize", null, 200, 2001,
            Says: $"uid in the URL path {controls}");
        yield return new("Location 2.2.1: a control character in the id", c22, "GET", "ocpi/2.2.1/receiver/locations/NL/C22/L%01", null, 200, 2001,
            Says: $"ids in the URL path {controls}");
        // %25 is the escape of '%': the id is "L%00" (no NUL), which is no Location, and "L%41" is not "LA".
        yield return new("Locations sender 2.2.1: an escaped percent sign in the id (L%2500)", e22, "GET", "ocpi/2.2.1/sender/locations/L%2500", null, 404, 2003,
            Headers: To("NL", "C22"), Says: "unknown location L%2500");
        yield return new("Location 2.2.1: an id of L%41 is not LA", c22, "PUT", "ocpi/2.2.1/receiver/locations/NL/C22/L%2541",
            LocationJson.Location(V221, "NL", "C22", "LA"), 200, 2001, Says: "'LA' differs from 'L%41' in the URL");

        // Senders: paging parameters and ids.
        yield return new("Locations sender 2.2.1: negative limit", e22, "GET", "ocpi/2.2.1/sender/locations?limit=-1", null, 200, 2001);
        yield return new("Locations sender 2.2.1: limit beyond a long", e22, "GET", "ocpi/2.2.1/sender/locations?limit=99999999999999999999", null, 200, 2001);
        yield return new("Tariffs sender 2.1.1: date_from not a date", e11, "GET", "ocpi/2.1.1/sender/tariffs?date_from=%27%3B%20DROP%20TABLE", null, 200, 2001);
        yield return new("Locations sender 2.3.0: negative offset", e30, "GET", "ocpi/2.3.0/sender/locations?offset=-5", null, 200, 2001);
        yield return new("Sessions sender 2.2.1: a huge date_to", e22, "GET", $"ocpi/2.2.1/sender/sessions?date_from=2026-01-01T00:00:00Z&date_to={Huge(5000)}", null, 200, 2001);
        yield return new("Locations sender 2.2.1: path traversal in the id", e22, "GET", "ocpi/2.2.1/sender/locations/..%2F..%2Fadmin%2Fplatforms", null, 404, 2003,
            Headers: To("NL", "C22"));
        yield return new("CDRs sender 2.1.1: read by a CPO", c11, "GET", "ocpi/2.1.1/sender/cdrs", null, 200, 2000);

        // Real-time: commands, their results, authorization, charging profiles, client info.
        yield return new("command 2.2.1: cut off", e22, "POST", "ocpi/2.2.1/receiver/commands/START_SESSION", "{\"response_url\":\"http", 400, 2001);
        yield return new("command 2.1.1: wrong type", e11, "POST", "ocpi/2.1.1/receiver/commands/START_SESSION",
            "{\"response_url\":7,\"token\":\"T\",\"location_id\":[]}", 200, 2001);
        yield return new("command 2.3.0: an unknown command", e30, "POST", "ocpi/2.3.0/receiver/commands/FORMAT_DISK", "{}", 404, 2001);
        yield return new("command 2.2.1: another eMSP's token", e22, "POST", "ocpi/2.2.1/receiver/commands/START_SESSION",
            StartSession(TokenJson.Token(V221, "DE", "E30", "UID-E30"), "http://127.0.0.1:1/result"), 200, 2001);
        yield return new("command 2.2.1: a metadata-address response_url", e22, "POST", "ocpi/2.2.1/receiver/commands/START_SESSION",
            StartSession(TokenJson.Token(V221, "DE", "E22", "UID-E22"), "http://169.254.169.254/latest/meta-data"), 200, 2001);
        yield return new("command 2.2.1: sent by a CPO", c22, "POST", "ocpi/2.2.1/receiver/commands/STOP_SESSION",
            "{\"response_url\":\"http://127.0.0.1:1/r\",\"session_id\":\"S1\"}", 200, 2000);
        yield return new("command result 2.2.1: an unknown response URL id", c22, "POST", "ocpi/2.2.1/sender/commands/START_SESSION/..%2F..%2Fx",
            "{\"result\":\"ACCEPTED\"}", 404, 2001);
        yield return new("authorization 2.2.1: cut off", c22, "POST", "ocpi/2.2.1/sender/tokens/U1/authorize", "{\"location_id\":", 400, 2001);
        yield return new("authorization 2.1.1: asked by an eMSP", e11, "POST", "ocpi/2.1.1/sender/tokens/U1/authorize", null, 200, 2000);
        yield return new("charging profile 2.2.1: cut off", e22, "PUT", "ocpi/2.2.1/receiver/chargingprofiles/S1", "{\"charging_profile\":{", 400, 2001);
        yield return new("charging profile 2.1.1: no such module", e11, "PUT", "ocpi/2.1.1/receiver/chargingprofiles/S1", "{}", 404, 2000);
        yield return new("client info 2.2.1: a huge offset", e22, "GET", "ocpi/2.2.1/hubclientinfo?offset=99999999999999999999", null, 200, 2001);

        // The admin API.
        yield return new("admin: no key", null, "GET", "admin/platforms", null, 401, null, AdminKey: "");
        yield return new("admin: a partner's OCPI token as the key", null, "GET", "admin/platforms", null, 401, null, AdminKey: c22.TokenToCallHub);
        yield return new("admin: malformed platform", null, "POST", "admin/platforms", "{\"name\":", 400, null);
        yield return new("admin: platform of wrong types", null, "POST", "admin/platforms", "{\"name\":5,\"role\":[]}", 400, null);
        yield return new("admin: deep nesting", null, "POST", "admin/agreements", Deep(300), 400, null);
        yield return new("admin: over the body limit", null, "POST", "admin/platforms", $"{{\"name\":\"{Huge(HostileInputTests.BodyLimit + 1)}\"}}", 413, null);
        foreach (var (name, url, _) in HostileUrls)
            yield return new($"admin: connect to {name}", null, "POST", "admin/platforms/connect",
                $"{{\"name\":\"X\",\"versions_url\":\"{url}\",\"token_a\":\"T\"}}", 400, null);
        yield return new("admin: path traversal in a platform id", null, "GET", "admin/platforms/..%2F..%2Fetc%2Fpasswd", null, 404, null);
        yield return new("admin: an agreement with unknown parties", null, "POST", "admin/agreements", "{\"cpo\":\"../..\",\"emsp\":\"*\"}", 400, null);
    }

    /// <summary>URLs the hub must never call: cloud metadata, link-local, another scheme, user info, over OCPI's 255 characters.</summary>
    private static readonly (string Name, string Url, int OcpiStatus)[] HostileUrls =
    [
        ("the metadata address", "http://169.254.169.254/latest/meta-data/", 3001),
        ("an IPv6 link-local address", "http://[fe80::1]/versions", 3001),
        ("a file URL", "file:///etc/passwd", 2001),
        ("a URL with user info", "http://user:secret@partner.example/versions", 3001),
        ("a URL over 255 characters", "http://partner.example/" + new string('v', 300), 2001),
    ];

    private static string Credentials221(string url) =>
        $$"""{"token":"HOSTILE-TOKEN","url":"{{url}}","roles":[{"role":"CPO","party_id":"C22","country_code":"NL","business_details":{"name":"C22"} }]}""";

    private static string Credentials211(string url) =>
        $$"""{"token":"HOSTILE-TOKEN","url":"{{url}}","business_details":{"name":"C11"},"party_id":"C11","country_code":"NL"}""";

    private static string StartSession(string token, string responseUrl) =>
        $$"""{"response_url":"{{responseUrl}}","token":{{token}},"location_id":"LOC22","evse_uid":"LOC22-E1"}""";

    private static string Huge(int length) => new('x', length);

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);
}
