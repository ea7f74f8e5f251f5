using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Tariffs end to end over real HTTP (<see cref="RoamingNetwork"/>): CPOs of 2.1.1 and 2.2.1 put, patch (2.1.1
/// only) and delete, eMSPs of 2.1.1, 2.2.1 and 2.3.0 receive exactly what their agreements allow in their own
/// version and URL shape, and pull pages of the hub's copy. Bad input stores and delivers nothing.
/// </summary>
public class TariffsThroughTheHubTests
{
    private static Task<IReadOnlyList<RecordedRequest>> ChangesAsync(SimulatedPartner emsp, int count) => RoamingNetwork.ChangesAsync(emsp, "tariffs", count);

    private static IReadOnlyList<RecordedRequest> Changes(SimulatedPartner emsp) => RoamingNetwork.Changes(emsp, "tariffs");

    private static async Task PutAsync(RoamingNetwork net, SimulatedPartner cpo, string id, string? type = null, string updated = TariffJson.Updated,
        HttpStatusCode expected = HttpStatusCode.Created)
    {
        var party = cpo.Options.Parties[0];
        using var put = await net.SendAsync(cpo, HttpMethod.Put, $"receiver/tariffs/NL/{party.PartyId}/{id}",
            TariffJson.Tariff(cpo.Options.Version, "NL", party.PartyId, id, type, updated));
        Assert.Equal(expected, put.StatusCode);
    }

    private static async Task DeleteAsync(RoamingNetwork net, SimulatedPartner cpo, string id)
    {
        using var delete = await net.SendAsync(cpo, HttpMethod.Delete, $"receiver/tariffs/NL/{cpo.Options.Parties[0].PartyId}/{id}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(1000, (await Partners.EnvelopeAsync(delete))["status_code"]!.GetValue<int>());
    }

    private static async Task<HttpStatusCode> ReadBackStatusAsync(RoamingNetwork net, SimulatedPartner cpo, string id)
    {
        using var response = await net.SendAsync(cpo, HttpMethod.Get, $"receiver/tariffs/NL/{cpo.Options.Parties[0].PartyId}/{id}");
        return response.StatusCode;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_put_and_delete_reach_exactly_the_agreed_emsps_each_in_its_own_version(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);

        await PutAsync(net, net.Cpo211, "T1");
        await PutAsync(net, net.Cpo221, "T2", "REGULAR");

        // 2.1.1 eMSP: only C11's tariff, the 2.1.1 shape (no owner, no type), at its endpoint with the owner's ids.
        var toE11 = Assert.Single(await ChangesAsync(net.Emsp211, 1));
        Assert.Equal(("PUT", "/ocpi/2.1.1/tariffs/NL/C11/T1"), (toE11.Method, toE11.Path));
        var e11Body = JsonNode.Parse(toE11.Body)!;
        Assert.Equal(("T1", "EUR", 0.25m), (e11Body["id"]!.GetValue<string>(), e11Body["currency"]!.GetValue<string>(),
            e11Body["elements"]![0]!["price_components"]![0]!["price"]!.GetValue<decimal>()));
        Assert.Equal(("NL", "C11"), (e11Body["country_code"]!.GetValue<string>(), e11Body["party_id"]!.GetValue<string>()));

        // 2.2.1 eMSP: only C22's, with its owner and type, without 2.3.0's tax_included.
        var toE22 = Assert.Single(await ChangesAsync(net.Emsp221, 1));
        Assert.Equal(("PUT", "/ocpi/2.2.1/tariffs/NL/C22/T2"), (toE22.Method, toE22.Path));
        var e22Body = JsonNode.Parse(toE22.Body)!;
        Assert.Equal(("NL", "C22", "REGULAR"), (e22Body["country_code"]!.GetValue<string>(), e22Body["party_id"]!.GetValue<string>(), e22Body["type"]!.GetValue<string>()));
        Assert.Null(e22Body["tax_included"]);
        Assert.Equal(("DE", "HUB", "DE", "E22"), (toE22.Header("OCPI-from-country-code"), toE22.Header("OCPI-from-party-id"), toE22.Header("OCPI-to-country-code"), toE22.Header("OCPI-to-party-id")));

        // 2.3.0 eMSP: both, a 2.1.1 CPO's tariff given its owner and tax_included NO (2.1.1 prices exclude VAT).
        var toE30 = await ChangesAsync(net.Emsp230, 2);
        var t1In230 = JsonNode.Parse(Assert.Single(toE30, r => r.Path == "/ocpi/2.3.0/tariffs/NL/C11/T1").Body)!;
        Assert.Equal(("NL", "C11", "NO"), (t1In230["country_code"]!.GetValue<string>(), t1In230["party_id"]!.GetValue<string>(), t1In230["tax_included"]!.GetValue<string>()));
        Assert.Contains(toE30, r => r.Path == "/ocpi/2.3.0/tariffs/NL/C22/T2");

        await DeleteAsync(net, net.Cpo211, "T1");
        await DeleteAsync(net, net.Cpo221, "T2");

        var deleteAtE11 = (await ChangesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("DELETE", "/ocpi/2.1.1/tariffs/NL/C11/T1", ""), (deleteAtE11.Method, deleteAtE11.Path, deleteAtE11.Body));
        Assert.Equal(("DELETE", "/ocpi/2.2.1/tariffs/NL/C22/T2"), ((await ChangesAsync(net.Emsp221, 2))[1].Method, (await ChangesAsync(net.Emsp221, 2))[1].Path));
        var deletesAtE30 = (await ChangesAsync(net.Emsp230, 4)).Skip(2).Select(r => (r.Method, r.Path)).Order().ToList();
        Assert.Equal([("DELETE", "/ocpi/2.3.0/tariffs/NL/C11/T1"), ("DELETE", "/ocpi/2.3.0/tariffs/NL/C22/T2")], deletesAtE30);
        Assert.Equal(HttpStatusCode.NotFound, await ReadBackStatusAsync(net, net.Cpo211, "T1"));
        Assert.Equal(HttpStatusCode.NotFound, await ReadBackStatusAsync(net, net.Cpo221, "T2"));

        await Task.Delay(300);
        Assert.Equal([2, 2, 4], new[] { net.Emsp211, net.Emsp221, net.Emsp230 }.Select(e => Changes(e).Count));
        Assert.DoesNotContain(net.Cpo211.Requests.Concat(net.Cpo221.Requests), r => r.Path.Contains("/tariffs/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_tariff_patch_reaches_2_1_1_as_a_patch_and_later_versions_as_a_put_of_the_merged_tariff(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PutAsync(net, net.Cpo211, "T1");

        using var patch = await net.SendAsync(net.Cpo211, HttpMethod.Patch, "receiver/tariffs/NL/C11/T1", """{"currency":"CHF","last_updated":"2026-11-02T10:00:00Z"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        var atE11 = (await ChangesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("PATCH", "/ocpi/2.1.1/tariffs/NL/C11/T1"), (atE11.Method, atE11.Path));
        // The owner's ids are back-ported into whole 2.1.1 objects only: a strict 2.1.1 parser refuses them in a PATCH.
        Assert.Equal("""{"currency":"CHF","last_updated":"2026-11-02T10:00:00Z"}""", atE11.Body);

        var atE30 = (await ChangesAsync(net.Emsp230, 2))[1];
        Assert.Equal(("PUT", "/ocpi/2.3.0/tariffs/NL/C11/T1"), (atE30.Method, atE30.Path));
        var merged = JsonNode.Parse(atE30.Body)!;
        Assert.Equal(("CHF", "C11", "2026-11-02T10:00:00Z", 0.25m), (merged["currency"]!.GetValue<string>(), merged["party_id"]!.GetValue<string>(),
            merged["last_updated"]!.GetValue<string>(), merged["elements"]![0]!["price_components"]![0]!["price"]!.GetValue<decimal>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_typed_tariff_a_2_1_1_emsp_would_apply_to_every_session_does_not_reach_it(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");

        await PutAsync(net, net.Cpo221, "ADHOC", "AD_HOC_PAYMENT");
        await PutAsync(net, net.Cpo221, "REG", "REGULAR");
        await DeleteAsync(net, net.Cpo221, "ADHOC");

        // Order is kept per object; different objects may go to one receiver side by side.
        var toE22 = (await ChangesAsync(net.Emsp221, 3)).Select(r => (r.Method, r.Path)).ToList();
        Assert.Equal([("PUT", "/ocpi/2.2.1/tariffs/NL/C22/ADHOC"), ("DELETE", "/ocpi/2.2.1/tariffs/NL/C22/ADHOC")], toE22.Where(r => r.Path.EndsWith("/ADHOC")));
        Assert.Equal([("PUT", "/ocpi/2.2.1/tariffs/NL/C22/REG")], toE22.Where(r => r.Path.EndsWith("/REG")));
        var toE11 = Assert.Single(await ChangesAsync(net.Emsp211, 1));
        Assert.Equal(("PUT", "/ocpi/2.1.1/tariffs/NL/C22/REG"), (toE11.Method, toE11.Path));
        await Task.Delay(300);
        Assert.Single(Changes(net.Emsp211));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_given_a_type_a_2_1_1_emsp_would_misapply_is_deleted_at_it_and_put_again_once_regular(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");

        await PutAsync(net, net.Cpo221, "T1");
        await ChangesAsync(net.Emsp211, 1);
        await PutAsync(net, net.Cpo221, "T1", "AD_HOC_PAYMENT", updated: "2026-11-02T10:00:00Z", expected: HttpStatusCode.OK);
        await ChangesAsync(net.Emsp211, 2);
        await PutAsync(net, net.Cpo221, "T1", "REGULAR", updated: "2026-11-03T10:00:00Z", expected: HttpStatusCode.OK);

        Assert.Equal(["PUT", "DELETE", "PUT"], (await ChangesAsync(net.Emsp211, 3)).Select(r => r.Method));
        Assert.Equal(["PUT", "PUT", "PUT"], (await ChangesAsync(net.Emsp221, 3)).Select(r => r.Method));
        await Task.Delay(300);
        Assert.Equal(3, Changes(net.Emsp211).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Emsps_pull_pages_of_exactly_their_agreed_cpos_tariffs(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        for (var i = 1; i <= 3; i++)
            await PutAsync(net, net.Cpo211, $"A{i}", updated: $"2026-11-0{i}T10:00:00Z");
        for (var i = 1; i <= 2; i++)
            await PutAsync(net, net.Cpo221, $"B{i}", updated: $"2026-11-0{i}T12:00:00Z");

        Assert.Equal(["A1", "A2", "A3", "B1", "B2"], await net.PullAllAsync(net.Emsp230, "tariffs", "id", "limit=2"));
        Assert.Equal(["B1", "B2"], await net.PullAllAsync(net.Emsp221, "tariffs", "id", "limit=1"));
        Assert.Equal(["A1", "A2", "A3"], await net.PullAllAsync(net.Emsp211, "tariffs", "id", "limit=2"));
        Assert.Equal(["A2", "B2"], await net.PullAllAsync(net.Emsp230, "tariffs", "id", "limit=1&date_from=2026-11-02T10:00:00Z&date_to=2026-11-03T10:00:00Z"));
    }

    public static TheoryData<string, string, string, string, int, int, string> BadInput => new()
    {
        // case, method, path (after /ocpi/2.2.1/receiver/tariffs/), body, HTTP, OCPI status, reason fragment
        { "invalid Tariff", "PUT", "NL/C22/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1").Replace("\"currency\":\"EUR\",", ""), 200, 2001, "$.currency: required field missing" },
        { "id differs from the URL", "PUT", "NL/C22/T2", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1"), 200, 2001, "$.id: 'T1' differs from 'T2' in the URL" },
        { "PATCH in 2.2.1", "PATCH", "NL/C22/T1", """{"currency":"CHF","last_updated":"2026-11-02T10:00:00Z"}""", 405, 2000, "it allows GET, PUT, DELETE" },
        { "push under another party's ids", "PUT", "NL/C11/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C11", "T1"), 200, 2000, "NL*C11" },
        { "delete under another party's ids", "DELETE", "NL/C11/T1", "", 200, 2000, "NL*C11" },
        { "delete of an unknown Tariff", "DELETE", "NL/C22/NOPE", "", 404, 2000, "unknown tariff NOPE" },
    };

    [Theory, MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_its_error_and_nothing_is_stored_or_delivered(string name, string method, string path, string body, int http, int ocpi, string reason)
    {
        Assert.NotEmpty(name);
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite);
        await PutAsync(net, net.Cpo211, "T1");
        // Both receivers of C11's Tariff have it before the bad request, so what follows counts only what it caused.
        await ChangesAsync(net.Emsp211, 1);
        await ChangesAsync(net.Emsp230, 1);

        using var response = await net.SendAsync(net.Cpo221, new HttpMethod(method), $"receiver/tariffs/{path}", method == "DELETE" ? null : body);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal((http, ocpi), ((int)response.StatusCode, envelope["status_code"]!.GetValue<int>()));
        Assert.Contains(reason, envelope["status_message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, await ReadBackStatusAsync(net, net.Cpo221, "T1"));
        Assert.Equal(HttpStatusCode.OK, await ReadBackStatusAsync(net, net.Cpo211, "T1"));
        await Task.Delay(300);
        Assert.Equal([1, 0, 1], new[] { net.Emsp211, net.Emsp221, net.Emsp230 }.Select(e => Changes(e).Count));
    }
}
