using OcpiHub.Core.Security;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using static OcpiHub.Simulator.Tests.Partners;

namespace OcpiHub.Simulator.Tests;

/// <summary>Two simulated partners of one version perform the credentials handshake with each other over HTTP.</summary>
public sealed class HandshakeTests
{
    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Registration_leaves_each_side_with_the_others_working_token(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var (a, b) = (pair.A, pair.B);

        Assert.NotNull(a.TokenToCallHub);
        Assert.Equal(a.TokenToCallHub, b.TokenToCallPartner);
        Assert.Equal(b.TokenToCallHub, a.TokenToCallPartner);
        Assert.NotEqual(a.TokenToCallHub, b.TokenToCallHub);
        Assert.Equal(b.VersionsUrl, a.HubVersionsUrl);
        Assert.Equal(a.VersionsUrl, b.HubVersionsUrl);

        // Each side calls a module of the other with the endpoints and token it learnt.
        using var aToB = await a.SendToHubAsync(HttpMethod.Get, a.Hub!.EndpointUrl("locations")!);
        using var bToA = await b.SendToHubAsync(HttpMethod.Get, b.Hub!.EndpointUrl("locations")!);
        Assert.Equal(200, (int)aToB.StatusCode);
        Assert.Equal(200, (int)bToA.StatusCode);
        Assert.Equal(1000, StatusOf(await EnvelopeOf(aToB)));
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Registered_side_fetches_the_callers_versions_with_its_new_token_before_answering(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var (a, b) = (pair.A, pair.B);

        var post = Assert.Single(b.Requests, r => r.Method == "POST");
        Assert.EndsWith("/credentials", post.Path);
        Assert.Empty(OcpiJson.Read(Encoding.UTF8.GetBytes(post.Body), CredentialsModel(version), version).Problems);
        var callsBack = a.Requests.Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.Equal(["/ocpi/versions", $"/ocpi/{version.ToWire()}"], callsBack);
        Assert.All(a.Requests, r => Assert.Contains(b.TokenToCallHub!, Tokens.Candidates(r.Header("Authorization"))));
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Token_A_stops_working_once_used(OcpiVersion version)
    {
        await using var pair = await PairAsync(version);
        var (a, b) = (pair.A, pair.B);
        var tokenA = b.IssueTokenA();
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, b.VersionsUrl, tokenA)).Http);

        await a.RegisterAsync(b.VersionsUrl, tokenA);

        var (http, envelope) = await CallAsync(HttpMethod.Get, b.VersionsUrl, tokenA);
        Assert.Equal(401, http);
        Assert.Equal(2000, StatusOf(envelope));
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Rotation_leaves_only_the_new_tokens_working(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var (a, b) = (pair.A, pair.B);
        var (oldAToB, oldBToA) = (a.TokenToCallHub!, b.TokenToCallHub!);

        var envelope = await a.UpdateCredentialsAsync();

        Assert.Equal(1000, StatusOf(envelope));
        Assert.NotEqual(oldAToB, a.TokenToCallHub);
        Assert.NotEqual(oldBToA, b.TokenToCallHub);
        Assert.Equal(a.TokenToCallHub, b.TokenToCallPartner);
        Assert.Equal(b.TokenToCallHub, a.TokenToCallPartner);
        var bModule = a.Hub!.EndpointUrl("tariffs")!;
        var aModule = b.Hub!.EndpointUrl("tariffs")!;
        Assert.Equal(401, (await CallAsync(HttpMethod.Get, bModule, oldAToB)).Http);
        Assert.Equal(401, (await CallAsync(HttpMethod.Get, aModule, oldBToA)).Http);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, bModule, a.TokenToCallHub)).Http);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, aModule, b.TokenToCallHub)).Http);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Delete_unregisters_both_sides(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var (a, b) = (pair.A, pair.B);
        var (aToB, bToA) = (a.TokenToCallHub!, b.TokenToCallHub!);
        var bModule = a.Hub!.EndpointUrl("cdrs")!;
        var aModule = b.Hub!.EndpointUrl("cdrs")!;

        var envelope = await a.UnregisterAsync();

        Assert.Equal(1000, StatusOf(envelope));
        Assert.Null(a.TokenToCallHub);
        Assert.Null(a.TokenToCallPartner);
        Assert.Null(b.TokenToCallHub);
        Assert.Null(b.TokenToCallPartner);
        Assert.Equal(401, (await CallAsync(HttpMethod.Get, bModule, aToB)).Http);
        Assert.Equal(401, (await CallAsync(HttpMethod.Get, aModule, bToA)).Http);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Partners_register_again_after_unregistering(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        var (a, b) = (pair.A, pair.B);
        await a.UnregisterAsync();

        var envelope = await a.RegisterAsync(b.VersionsUrl, b.IssueTokenA());

        Assert.Equal(1000, StatusOf(envelope));
        Assert.Equal(a.TokenToCallHub, b.TokenToCallPartner);
    }

    [Fact]
    public async Task Registering_fails_clearly_without_a_mutual_version()
    {
        await using var pair = new PartnerPair(
            await StartAsync(OcpiVersion.V221, "EMSP", "AAA"),
            await StartAsync(OcpiVersion.V230, "CPO", "BBB"));

        var failure = await Assert.ThrowsAsync<OcpiCallException>(() => pair.A.RegisterAsync(pair.B.VersionsUrl, pair.B.IssueTokenA()));

        Assert.Equal(3002, failure.OcpiStatus);
        Assert.Contains("2.3.0", failure.Message);
        Assert.Null(pair.A.TokenToCallHub);
        Assert.DoesNotContain(pair.B.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Offered_versions_override_the_versions_list()
    {
        await using var pair = await PairAsync(OcpiVersion.V221);
        await using var old = await SimulatedPartner.StartAsync(pair.B.Options with { OfferedVersions = ["2.0"] });

        var failure = await Assert.ThrowsAsync<OcpiCallException>(() => pair.A.RegisterAsync(old.VersionsUrl, old.IssueTokenA()));

        Assert.Contains("[2.0]", failure.Message);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Registration_answers_3001_when_the_callers_versions_cannot_be_fetched(OcpiVersion version)
    {
        await using var pair = await PairAsync(version);
        var (a, b) = (pair.A, pair.B);
        var tokenA = b.IssueTokenA();
        // A's credentials, but with a token A has never issued: A answers B's callback with 401.
        var body = CredentialsBody(version, token: "not-known-to-a", a.VersionsUrl);

        var (http, envelope) = await CallAsync(HttpMethod.Post, $"{b.VersionUrl}/credentials", tokenA, body: body);

        Assert.Equal(200, http);
        Assert.Equal(3001, StatusOf(envelope));
        Assert.Null(b.TokenToCallPartner);
        Assert.Single(a.Requests, r => r.Path == "/ocpi/versions");
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, b.VersionsUrl, tokenA)).Http);
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task Registration_with_invalid_credentials_is_rejected_and_keeps_token_A(OcpiVersion version)
    {
        await using var partner = await StartAsync(version, "CPO", "BBB");
        var tokenA = partner.IssueTokenA();
        var url = $"{partner.VersionUrl}/credentials";

        var (malformedHttp, _) = await CallAsync(HttpMethod.Post, url, tokenA, body: "{not json");
        var (invalidHttp, invalid) = await CallAsync(HttpMethod.Post, url, tokenA, body: """{"token":"t"}""");

        Assert.Equal(400, malformedHttp);
        Assert.Equal(200, invalidHttp);
        Assert.Equal(2001, StatusOf(invalid));
        Assert.Contains("$.url", (string?)invalid!["status_message"]);
        Assert.Null(partner.TokenToCallPartner);
        Assert.Equal(200, (await CallAsync(HttpMethod.Get, partner.VersionsUrl, tokenA)).Http);
    }

    private static Type CredentialsModel(OcpiVersion version) =>
        version == OcpiVersion.V211 ? typeof(Protocol.V211.Credentials) : typeof(Protocol.V230.Credentials);
}
