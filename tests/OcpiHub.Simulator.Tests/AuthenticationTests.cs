using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using static OcpiHub.Simulator.Tests.Partners;

namespace OcpiHub.Simulator.Tests;

/// <summary>Which token opens what, and the 401/405 answers of the credentials module.</summary>
public sealed class AuthenticationTests
{
    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Raw_and_Base64_tokens_both_authenticate(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var url = pair.A.Hub!.EndpointUrl("tariffs")!;

        Assert.Equal(200, (await CallAsync(HttpMethod.Get, url, pair.A.TokenToCallHub, base64: true)).Http);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, url, pair.A.TokenToCallHub, base64: false)).Http);
    }

    [Fact]
    public async Task Partners_encoding_tokens_differently_still_register_and_call_each_other()
    {
        await using var pair = new PartnerPair(
            await StartAsync(OcpiVersion.V221, "EMSP", "AAA", base64Tokens: false),
            await StartAsync(OcpiVersion.V221, "CPO", "BBB", base64Tokens: true));

        await pair.A.RegisterAsync(pair.B.VersionsUrl, pair.B.IssueTokenA());
        using var response = await pair.A.SendToHubAsync(HttpMethod.Get, pair.A.Hub!.EndpointUrl("tariffs")!);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"Token {pair.A.TokenToCallHub}", pair.B.Requests[^1].Header("Authorization"));
        Assert.Equal(Tokens.Header(pair.B.TokenToCallHub!, base64: true), pair.A.Requests[^1].Header("Authorization"));
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Unknown_or_missing_tokens_get_401_with_an_envelope(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var url = pair.A.Hub!.EndpointUrl("locations")!;

        foreach (var token in (string?[])["unknown-token", null])
        {
            var (http, envelope) = await CallAsync(HttpMethod.Get, url, token);
            Assert.Equal(401, http);
            Assert.Equal(2000, StatusOf(envelope));
            Assert.NotNull(envelope!["timestamp"]);
        }
        var (versionsHttp, _) = await CallAsync(HttpMethod.Get, pair.B.VersionsUrl, "unknown-token");
        Assert.Equal(401, versionsHttp);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Token_A_opens_versions_details_and_credentials_only(OcpiVersion version)
    {
        await using var partner = await StartAsync(version, "CPO", "BBB");
        var tokenA = partner.IssueTokenA();

        Assert.Equal(200, (await CallAsync(HttpMethod.Get, partner.VersionsUrl, tokenA)).Http);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, partner.VersionUrl, tokenA)).Http);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, $"{partner.VersionUrl}/credentials", tokenA)).Http);
        Assert.Equal(401, (await CallAsync(HttpMethod.Get, $"{partner.VersionUrl}/locations", tokenA)).Http);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Post_when_registered_is_405(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var body = CredentialsBody(version, pair.A.TokenToCallPartner!, pair.A.VersionsUrl);

        var (http, envelope) = await CallAsync(HttpMethod.Post, $"{pair.B.VersionUrl}/credentials", pair.A.TokenToCallHub, body: body);

        Assert.Equal(405, http);
        Assert.Equal(2000, StatusOf(envelope));
        Assert.Equal(pair.A.TokenToCallHub, pair.B.TokenToCallPartner);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Put_and_delete_when_not_registered_are_405(OcpiVersion version)
    {
        await using var pair = await PairAsync(version);
        var tokenA = pair.B.IssueTokenA();
        var url = $"{pair.B.VersionUrl}/credentials";
        var body = CredentialsBody(version, "some-token", pair.A.VersionsUrl);

        Assert.Equal(405, (await CallAsync(HttpMethod.Put, url, tokenA, body: body)).Http);
        Assert.Equal(405, (await CallAsync(HttpMethod.Delete, url, tokenA)).Http);
        Assert.Empty(pair.A.Requests);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Credentials_get_returns_the_callers_token_and_own_parties(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);

        var (http, envelope) = await CallAsync(HttpMethod.Get, $"{pair.B.VersionUrl}/credentials", pair.A.TokenToCallHub);

        Assert.Equal(200, http);
        var data = envelope!["data"]!;
        Assert.Equal(pair.A.TokenToCallHub, (string?)data["token"]);
        Assert.Equal(pair.B.VersionsUrl, (string?)data["url"]);
        var party = version == OcpiVersion.V211 ? data : data["roles"]![0]!;
        Assert.Equal("BBB", (string?)party["party_id"]);
        Assert.Equal(version == OcpiVersion.V211 ? null : "CPO", (string?)party["role"]);
    }
}
