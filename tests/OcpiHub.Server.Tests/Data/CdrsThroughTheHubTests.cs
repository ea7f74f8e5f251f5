using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Server.Tests.Infrastructure.RoamingNetwork;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// CDRs end to end over real HTTP (<see cref="RoamingNetwork"/>): POSTed to the hub without ids in the URL, a
/// CDR is answered with a <c>Location</c> at the hub that serves it, reaches only the eMSP of its token as a POST
/// in that eMSP's version, is never replaced, and is pulled only by that eMSP. On SQLite and PostgreSQL.
/// </summary>
public class CdrsThroughTheHubTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_221_cdr_is_answered_with_the_hubs_copy_and_reaches_only_the_tokens_emsp(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        using var posted = await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E30", "CDR1", "LOC22"));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal($"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/cdrs/NL/C22/CDR1", posted.Headers.Location?.ToString());
        using var atLocation = await net.Cpo221.SendToHubAsync(HttpMethod.Get, posted.Headers.Location!.ToString());
        var copy = (await Partners.EnvelopeAsync(atLocation))["data"]!;
        Assert.Equal(("CDR1", 4.00m, 4.84m), (copy["id"]!.GetValue<string>(), copy["total_cost"]!["excl_vat"]!.GetValue<decimal>(), copy["total_cost"]!["incl_vat"]!.GetValue<decimal>()));

        var toE30 = Assert.Single(await ReceivedAsync(net.Emsp230, "cdrs", 1));
        Assert.Equal(("POST", "/ocpi/2.3.0/cdrs"), (toE30.Method, toE30.Path));
        var cdr = JsonNode.Parse(toE30.Body)!;
        Assert.Equal(("CDR1", "NL", "C22", "E30"), (cdr["id"]!.GetValue<string>(), cdr["country_code"]!.GetValue<string>(), cdr["party_id"]!.GetValue<string>(),
            cdr["cdr_token"]!["party_id"]!.GetValue<string>()));
        Assert.Equal(4.00m, cdr["total_cost"]!["before_taxes"]!.GetValue<decimal>());
        Assert.Equal(0.84m, cdr["total_cost"]!["taxes"]![0]!["amount"]!.GetValue<decimal>());
        Assert.Equal(("DE", "HUB", "DE", "E30"), (toE30.Header("OCPI-from-country-code"), toE30.Header("OCPI-from-party-id"), toE30.Header("OCPI-to-country-code"), toE30.Header("OCPI-to-party-id")));
        await net.AssertNothingMoreAsync("cdrs", (net.Emsp230, 1));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_211_cdr_belongs_to_the_calling_cpo_and_reaches_its_tokens_211_emsp(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        using var posted = await net.SendOkAsync(net.Cpo211, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V211, "C11", "E11", "CDR2", "LOC11"));

        Assert.Equal($"{net.Hub.BaseUrl}/ocpi/2.1.1/receiver/cdrs/NL/C11/CDR2", posted.Headers.Location?.ToString());
        using var atLocation = await net.Cpo211.SendToHubAsync(HttpMethod.Get, posted.Headers.Location!.ToString());
        var copy = (await Partners.EnvelopeAsync(atLocation))["data"]!;
        Assert.Equal(("CDR2", "DE-E11-C1"), (copy["id"]!.GetValue<string>(), copy["auth_id"]!.GetValue<string>()));

        var toE11 = Assert.Single(await ReceivedAsync(net.Emsp211, "cdrs", 1));
        Assert.Equal(("POST", "/ocpi/2.1.1/cdrs"), (toE11.Method, toE11.Path));
        var cdr = JsonNode.Parse(toE11.Body)!;
        Assert.Equal(("CDR2", "DE-E11-C1", 4.00m), (cdr["id"]!.GetValue<string>(), cdr["auth_id"]!.GetValue<string>(), cdr["total_cost"]!.GetValue<decimal>()));
        Assert.Equal("2026-11-01T11:30:00Z", cdr["stop_date_time"]!.GetValue<string>());
        Assert.Equal(("NL", "C11"), (cdr["country_code"]!.GetValue<string>(), cdr["party_id"]!.GetValue<string>()));
        await net.AssertNothingMoreAsync("cdrs", (net.Emsp211, 1));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_221_cdr_reaches_a_211_emsp_with_the_stored_location_under_its_sealed_place(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);

        await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E11", "CDR3", "LOC22"));

        var toE11 = Assert.Single(await ReceivedAsync(net.Emsp211, "cdrs", 1));
        var location = JsonNode.Parse(toE11.Body)!["location"]!;
        Assert.Equal(("LOC22", "PARKING_LOT", "3511AB"), (location["id"]!.GetValue<string>(), location["type"]!.GetValue<string>(), location["postal_code"]!.GetValue<string>()));
        Assert.Equal(("NL*CPO*ELOC22*E1", 230), (location["evses"]![0]!["evse_id"]!.GetValue<string>(), location["evses"]![0]!["connectors"]![0]!["voltage"]!.GetValue<int>()));
        await net.AssertNothingMoreAsync("cdrs", (net.Emsp211, 1));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cdr_is_never_replaced_and_emsps_pull_only_their_own(StorageKind storage)
    {
        await using var net = await StartChargingAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E30", "B1", "LOC22"));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V221, "C22", "E22", "B2", "LOC22"));
        await net.SendOkAsync(net.Cpo211, HttpMethod.Post, "receiver/cdrs", ChargeJson.Cdr(OcpiVersion.V211, "C11", "E30", "B3", "LOC11"));

        using var again = await net.SendAsync(net.Cpo221, HttpMethod.Post, "receiver/cdrs",
            ChargeJson.Cdr(OcpiVersion.V221, "C22", "E30", "B1", "LOC22").Replace("\"total_energy\":10.5", "\"total_energy\":99"));
        var refused = await Partners.EnvelopeAsync(again);
        Assert.Equal(2001, refused["status_code"]!.GetValue<int>());
        Assert.Contains("B1 of NL*C22 exists already", refused["status_message"]!.GetValue<string>());

        Assert.Equal(["B1", "B3"], await net.PullAsync(net.Emsp230, "cdrs"));
        Assert.Equal(["B2"], await net.PullAsync(net.Emsp221, "cdrs"));
        Assert.Empty(await net.PullAsync(net.Emsp211, "cdrs"));
        using var readBack = await net.SendOkAsync(net.Cpo221, HttpMethod.Get, "receiver/cdrs/NL/C22/B1");
        var b1 = (await Partners.EnvelopeAsync(readBack))["data"]!;
        Assert.Equal(10.5m, b1["total_energy"]!.GetValue<decimal>());
        await net.AssertNothingMoreAsync("cdrs", (net.Emsp230, 2), (net.Emsp221, 1));
    }

    public static TheoryData<string, string, string, int, int, string> BadInput => new()
    {
        // case, method and path after /ocpi/2.2.1/, body, HTTP, OCPI status, reason fragment
        { "malformed JSON", "POST receiver/cdrs", "{\"id\": ", 400, 2001, "malformed JSON" },
        { "invalid CDR", "POST receiver/cdrs", Cdr().Replace("\"total_energy\":10.5,", ""), 200, 2001, "$.total_energy: required field missing" },
        { "another party's CDR", "POST receiver/cdrs", Cdr().Replace("\"party_id\":\"C22\"", "\"party_id\":\"C11\""), 200, 2000, "NL*C11" },
        { "PUT of a CDR", "PUT receiver/cdrs/NL/C22/BAD", Cdr(), 405, 2000, "PUT is not allowed" },
    };

    private static string Cdr() => ChargeJson.Cdr(OcpiVersion.V221, "C22", "E30", "BAD", "LOC22");

    [Theory, MemberData(nameof(BadInput))]
    public async Task Bad_input_stores_and_delivers_nothing(string name, string request, string body, int http, int status, string reason)
    {
        Assert.NotEmpty(name);
        await using var net = await StartChargingAsync(StorageKind.Sqlite);

        using var response = await net.SendAsync(net.Cpo221, new HttpMethod(request.Split(' ')[0]), request.Split(' ')[1], body);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal((http, status), ((int)response.StatusCode, envelope["status_code"]!.GetValue<int>()));
        Assert.Contains(reason, envelope["status_message"]!.GetValue<string>());
        Assert.False(response.Headers.Contains("Location"));
        using var readBack = await net.SendAsync(net.Cpo221, HttpMethod.Get, "receiver/cdrs/NL/C22/BAD");
        Assert.Equal(HttpStatusCode.NotFound, readBack.StatusCode);
        await net.AssertNothingMoreAsync("cdrs");
    }
}
