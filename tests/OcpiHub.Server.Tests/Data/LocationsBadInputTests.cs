using System.Net;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Every kind of bad push or GET gets the documented OCPI error, and nothing is stored or delivered.
/// The platform under test is a 2.2.1 CPO (NL*CPA, agreement with DE*EMA); NL*OTH is a CPO on another platform.
/// </summary>
public class LocationsBadInputTests
{
    public static TheoryData<StorageKind, string, string, string, string, string[], int, int, string> Cases()
    {
        var data = new TheoryData<StorageKind, string, string, string, string, string[], int, int, string>();
        foreach (var storage in Enum.GetValues<StorageKind>())
        {
            foreach (var (name, method, path, body, headers, http, ocpi, reason) in Rows)
                data.Add(storage, name, method, path, body, headers, http, ocpi, reason);
        }
        return data;
    }

    private static readonly (string, string, string, string, string[], int, int, string)[] Rows =
    [
        // case, method, path (after /ocpi/2.2.1/), body, headers (name=value), HTTP, OCPI status, reason fragment
        ("malformed JSON", "PUT", "receiver/locations/NL/CPA/L1", "{\"id\": ", [], 400, 2001, "malformed JSON"),
        ("invalid Location", "PUT", "receiver/locations/NL/CPA/L1", Without(Valid("L1"), "\"city\":\"Utrecht\","), [], 200, 2001, "$.city: required field missing"),
        ("id differs from the URL", "PUT", "receiver/locations/NL/CPA/L2", Valid("L1"), [], 200, 2001, "$.id: 'L1' differs from 'L2' in the URL"),
        ("owner differs from the URL", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1").Replace("\"party_id\":\"CPA\"", "\"party_id\":\"CPB\""), [], 200, 2001, "$.party_id: 'CPB' differs from 'CPA'"),
        ("push under another party's ids", "PUT", "receiver/locations/NL/OTH/L1", Valid("L1", "OTH"), [], 200, 2000, "NL*OTH"),
        ("unknown OCPI-from party", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1"), ["OCPI-from-country-code=NL", "OCPI-from-party-id=ZZZ"], 200, 2000, "NL*ZZZ"),
        ("push to a party without agreement", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1"), ["OCPI-to-country-code=DE", "OCPI-to-party-id=EMB"], 200, 2000, "agreement"),
        ("push to an unknown receiver", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1"), ["OCPI-to-country-code=FR", "OCPI-to-party-id=NOP"], 200, 4001, "FR*NOP"),
        ("PATCH without last_updated", "PATCH", "receiver/locations/NL/CPA/L1", "{\"name\":\"New name\"}", [], 200, 2001, "$.last_updated: required field missing"),
        ("PATCH of an unknown Location", "PATCH", "receiver/locations/NL/CPA/NOPE", "{\"name\":\"X\",\"last_updated\":\"2026-11-01T10:00:00Z\"}", [], 404, 2003, "unknown location NOPE"),
        ("single GET without OCPI-to", "GET", "sender/locations/L1", "", [], 200, 2001, "OCPI-to"),
        // Routing headers that name no party are refused, not read as absent (a broadcast, a page of every owner).
        ("OCPI-to-country-code alone", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1"), ["OCPI-to-country-code=DE"], 200, 2001, "OCPI-to-party-id is missing"),
        ("OCPI-to-party-id of two characters", "GET", "sender/locations", "", ["OCPI-to-country-code=NL", "OCPI-to-party-id=CP"], 200, 2001, "OCPI-to-party-id is not a party id"),
        ("OCPI-from-country-code of three letters", "PUT", "receiver/locations/NL/CPA/L1", Valid("L1"), ["OCPI-from-country-code=NLD", "OCPI-from-party-id=CPA"], 200, 2001,
            "OCPI-from-country-code is not a country code"),
        ("read-back as another platform's party", "GET", "receiver/locations/NL/CPA/L1", "", ["OCPI-from-country-code=NL", "OCPI-from-party-id=OTH"], 200, 2000, "NL*OTH"),
    ];

    private static string Valid(string id, string party = "CPA") => LocationJson.Location(OcpiVersion.V221, "NL", party, id);

    private static string Without(string json, string fragment) => json.Replace(fragment, "");

    [Theory, MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_error_and_nothing_is_stored_or_delivered(
        StorageKind storage, string name, string method, string path, string body, string[] headers, int http, int ocpi, string reason)
    {
        Assert.NotEmpty(name);
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var other = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "OTH"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "EMA", "DE"));
        await using var stranger = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "EMB", "DE"));
        foreach (var partner in new[] { cpo, other, emsp, stranger })
            await Partners.ConnectAsync(hub, partner, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "DE*EMA");
        await hub.AgreeAsync("NL*OTH", "DE*EMB");
        var sender = path.StartsWith("sender", StringComparison.Ordinal) ? emsp : cpo;

        using var request = new HttpRequestMessage(new HttpMethod(method), $"{hub.BaseUrl}/ocpi/{sender.Options.Version.ToWire()}/{path}");
        if (method != "GET")
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var header in headers)
            request.Headers.TryAddWithoutValidation(header.Split('=')[0], header.Split('=')[1]);
        using var response = await sender.SendToHubAsync(request);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal((http, ocpi), ((int)response.StatusCode, envelope["status_code"]!.GetValue<int>()));
        Assert.Contains(reason, envelope["status_message"]!.GetValue<string>());

        using var stored = await cpo.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
        await Task.Delay(200);
        Assert.DoesNotContain(emsp.Requests.Concat(stranger.Requests), r => r.Path.Contains("/locations/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_platform_with_two_cpo_parties_must_say_which_one_sends(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var platform = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V230, Parties = [Partners.Party("CPO", "CP1"), Partners.Party("CPO", "CP2")],
        });
        await Partners.ConnectAsync(hub, platform, Initiator.Partner);

        using var ambiguous = await platform.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.3.0/receiver/locations/NL/CP1/L1",
            LocationJson.Location(OcpiVersion.V230, "NL", "CP1", "L1"));

        var envelope = await Partners.EnvelopeAsync(ambiguous);
        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("OCPI-from", envelope["status_message"]!.GetValue<string>());
    }
}
