using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
using static OcpiHub.Simulator.Tests.Partners;

namespace OcpiHub.Simulator.Tests;

/// <summary>What the partner serves besides credentials: versions, details, hubclientinfo, module paths, trace ids.</summary>
public sealed class EndpointTests
{
    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Version_details_are_valid_for_the_version_and_match_the_role(OcpiVersion version)
    {
        await using var partner = await StartAsync(version, "CPO", "BBB");

        var details = await DetailsAsync(partner);

        Assert.Equal(version.ToWire(), details.Number?.Value);
        var endpoints = details.Endpoints!;
        Assert.Equal("credentials", endpoints[0].Identifier?.Value);
        Assert.Equal(version != OcpiVersion.V211, endpoints.Any(e => e.Identifier?.Value == "hubclientinfo"));
        Assert.Equal(version != OcpiVersion.V211, endpoints.Any(e => e.Identifier?.Value == "chargingprofiles"));
        Assert.All(endpoints, e => Assert.Equal(version == OcpiVersion.V211, e.Role is null));
        if (version != OcpiVersion.V211)
        {
            Assert.Equal("SENDER", Role(endpoints, "locations"));
            Assert.Equal("RECEIVER", Role(endpoints, "tokens"));
            Assert.Equal("RECEIVER", Role(endpoints, "hubclientinfo"));
        }
    }

    [Fact]
    public async Task A_platform_with_both_roles_offers_both_interfaces_at_distinct_urls()
    {
        await using var partner = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V230,
            Parties = [new("NL", "CPA", "CPO", "CPO side"), new("NL", "EMA", "EMSP", "eMSP side")],
        });

        var locations = (await DetailsAsync(partner)).Endpoints!.Where(e => e.Identifier?.Value == "locations").ToList();

        Assert.Equal(["SENDER", "RECEIVER"], locations.Select(e => e.Role?.Value));
        Assert.Equal(2, locations.Select(e => e.Url).Distinct().Count());
    }

    [Fact]
    public async Task Modules_option_replaces_the_advertised_modules()
    {
        await using var partner = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V221,
            Parties = [new("NL", "BBB", "CPO", "CPO")],
            Modules = ["credentials", "locations"],
        });

        var details = await DetailsAsync(partner);

        Assert.Equal(["credentials", "locations"], details.Endpoints!.Select(e => e.Identifier?.Value));
    }

    [Fact]
    public Task A_2_1_1_partner_carries_exactly_one_party() =>
        Assert.ThrowsAsync<ArgumentException>(() => SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V211,
            Parties = [new("NL", "CPA", "CPO", "a"), new("NL", "EMA", "EMSP", "b")],
        }));

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Module_requests_are_recorded_and_answered_with_an_empty_success(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var url = pair.A.Hub!.EndpointUrl("locations")! + "/NL/BBB/LOC1";
        const string body = """{"id":"LOC1"}""";

        using var response = await pair.A.SendToHubAsync(HttpMethod.Put, url, body);

        var envelope = await EnvelopeOf(response);
        Assert.Equal(1000, StatusOf(envelope));
        Assert.Null(envelope!["data"]);
        var recorded = pair.B.Requests[^1];
        Assert.Equal("PUT", recorded.Method);
        Assert.Equal(new Uri(url).AbsolutePath, recorded.Path);
        Assert.Equal(body, recorded.Body);
        Assert.StartsWith("application/json", recorded.Header("content-type"));
    }

    [Fact]
    public async Task Module_responder_scripts_the_answer()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);
        pair.B.ModuleResponder = request => request.Method == "GET"
            ? new SimulatedResponse(new JsonArray(new JsonObject { ["id"] = "LOC1" }))
            : null;

        using var get = await pair.A.SendToHubAsync(HttpMethod.Get, pair.A.Hub!.EndpointUrl("locations")!);
        using var post = await pair.A.SendToHubAsync(HttpMethod.Post, pair.A.Hub!.EndpointUrl("commands")! + "/START_SESSION", "{}");

        Assert.Equal("LOC1", (string?)(await EnvelopeOf(get))!["data"]![0]!["id"]);
        Assert.Null((await EnvelopeOf(post))!["data"]);
    }

    [Theory]
    [InlineData(OcpiVersion.V221)]
    [InlineData(OcpiVersion.V230)]
    public async Task Hubclientinfo_put_is_stored_and_served(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var url = pair.A.Hub!.EndpointUrl("hubclientinfo")! + "/DE/XYZ";
        const string info = """{"party_id":"XYZ","country_code":"DE","role":"CPO","status":"CONNECTED","last_updated":"2026-01-02T03:04:05Z"}""";

        using var put = await pair.A.SendToHubAsync(HttpMethod.Put, url, info);
        using var get = await pair.A.SendToHubAsync(HttpMethod.Get, url);

        Assert.Equal(1000, StatusOf(await EnvelopeOf(put)));
        var stored = Assert.Single(pair.B.ClientInfos);
        Assert.Equal("CONNECTED", stored.Status?.Value);
        var served = (await EnvelopeOf(get))!["data"]!;
        Assert.Equal("XYZ", (string?)served["party_id"]);
        Assert.Equal("2026-01-02T03:04:05Z", (string?)served["last_updated"]);
    }

    [Fact]
    public async Task Hubclientinfo_put_for_another_party_than_the_url_is_2001()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V221);
        var url = pair.A.Hub!.EndpointUrl("hubclientinfo")! + "/DE/ABC";
        const string info = """{"party_id":"XYZ","country_code":"DE","role":"CPO","status":"CONNECTED","last_updated":"2026-01-02T03:04:05Z"}""";

        using var put = await pair.A.SendToHubAsync(HttpMethod.Put, url, info);

        Assert.Equal(2001, StatusOf(await EnvelopeOf(put)));
        Assert.Empty(pair.B.ClientInfos);
    }

    [Fact]
    public async Task Trace_ids_are_echoed_or_generated()
    {
        await using var partner = await StartAsync(OcpiVersion.V221, "CPO", "BBB");
        using var client = new HttpClient();

        using var echoed = new HttpRequestMessage(HttpMethod.Get, partner.VersionsUrl);
        echoed.Headers.Add("X-Request-ID", "req-1");
        echoed.Headers.Add("X-Correlation-ID", "corr-1");
        using var echoedResponse = await client.SendAsync(echoed);
        using var generatedResponse = await client.GetAsync(partner.VersionsUrl);

        Assert.Equal("req-1", echoedResponse.Headers.GetValues("X-Request-ID").Single());
        Assert.Equal("corr-1", echoedResponse.Headers.GetValues("X-Correlation-ID").Single());
        Assert.NotEmpty(generatedResponse.Headers.GetValues("X-Request-ID").Single());
        Assert.NotEmpty(generatedResponse.Headers.GetValues("X-Correlation-ID").Single());
    }

    [Fact]
    public async Task Unknown_paths_are_404_with_an_envelope()
    {
        await using var partner = await StartAsync(OcpiVersion.V230, "CPO", "BBB");

        var (http, envelope) = await CallAsync(HttpMethod.Get, $"{partner.BaseUrl}/ocpi/9.9/locations", partner.IssueTokenA());

        Assert.Equal(404, http);
        Assert.Equal(2000, StatusOf(envelope));
    }

    private static async Task<VersionDetails> DetailsAsync(SimulatedPartner partner)
    {
        var (_, envelope) = await CallAsync(HttpMethod.Get, partner.VersionUrl, partner.IssueTokenA());
        var read = OcpiJson.Read<VersionDetails>(envelope!["data"]!.ToJsonString(), partner.Options.Version);
        Assert.Empty(read.Problems);
        return read.Value!;
    }

    private static string? Role(IReadOnlyList<Endpoint> endpoints, string module) =>
        endpoints.Single(e => e.Identifier?.Value == module).Role?.Value;
}
