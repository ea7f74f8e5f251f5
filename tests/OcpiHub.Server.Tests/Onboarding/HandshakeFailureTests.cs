using System.Net;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>Every way a handshake or a call can fail gets the status the specification prescribes, and a reason.</summary>
public class HandshakeFailureTests
{
    /// <summary>The operator has the hub connect to a partner at <paramref name="versionsUrl"/>: the admin API's status, OCPI status and error.</summary>
    internal static async Task<(int Http, int? Ocpi, string Error)> ConnectAsync(HubUnderTest hub, string versionsUrl, string tokenA)
    {
        using var response = await hub.Admin.PostAsync("admin/platforms/connect", new StringContent(
            $$"""{"name":"Partner","versions_url":"{{versionsUrl}}","token_a":"{{tokenA}}","role":"CPO","country_code":"NL","party_id":"FAL"}""",
            Encoding.UTF8, "application/json"));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((int)response.StatusCode, body["ocpi_status_code"]?.GetValue<int>(), body["error"]?.GetValue<string>() ?? "");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Unreachable_partner_versions_url_is_3001(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);

        var (http, ocpi, error) = await ConnectAsync(hub, "http://127.0.0.1:1/ocpi/versions", "token-a");

        Assert.Equal((502, 3001), (http, ocpi));
        Assert.Contains("127.0.0.1:1", error);
        Assert.Empty((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task No_mutual_version_is_3002(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V221, Parties = [Partners.Party("CPO", "FAL")], OfferedVersions = ["2.0", "2.2"],
        });

        var (http, ocpi, error) = await ConnectAsync(hub, partner.VersionsUrl, partner.IssueTokenA());

        Assert.Equal((422, 3002), (http, ocpi));
        Assert.Contains("no mutual version", error);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Missing_credentials_endpoint_is_3003(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V230, Parties = [Partners.Party("CPO", "FAL")], Modules = ["locations"],
        });

        var (http, ocpi, error) = await ConnectAsync(hub, partner.VersionsUrl, partner.IssueTokenA());

        Assert.Equal((422, 3003), (http, ocpi));
        Assert.Contains("credentials", error);
    }

    [Theory]
    [InlineData("""{"version":"2.2.1"}""", "list no endpoints")]
    [InlineData("""{"version":"2.2.1","endpoints":[{"identifier":"credentials","role":"RECEIVER"}]}""", "endpoint 1 has no identifier or no url")]
    [InlineData("""{"version":"2.2.1","endpoints":[null]}""", "endpoint 1 has no identifier or no url")]
    public async Task Malformed_version_details_are_3001_naming_the_problem(string details, string problem)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "FAL"));
        partner.VersionDetailsData = System.Text.Json.Nodes.JsonNode.Parse(details);

        var (http, ocpi, error) = await ConnectAsync(hub, partner.VersionsUrl, partner.IssueTokenA());

        Assert.Equal(3001, ocpi);
        Assert.True(http is 422 or 502, $"HTTP {http}: {error}");
        Assert.Contains(problem, error);
        Assert.Empty((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite, CredentialsFault.Error)]
    [InlineData(StorageKind.Sqlite, CredentialsFault.InvalidBody)]
    [InlineData(StorageKind.Sqlite, CredentialsFault.DuplicateParty)]
    [InlineData(StorageKind.PostgreSql, CredentialsFault.Error)]
    [InlineData(StorageKind.PostgreSql, CredentialsFault.InvalidBody)]
    [InlineData(StorageKind.PostgreSql, CredentialsFault.DuplicateParty)]
    public async Task A_handshake_failing_at_the_partners_credentials_answer_leaves_nothing_behind_and_can_be_done_again(StorageKind storage, CredentialsFault fault)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "FAL"));
        partner.CredentialsFault = fault;

        var (http, ocpi, error) = await ConnectAsync(hub, partner.VersionsUrl, partner.IssueTokenA());

        Assert.True(http is 422 or 502 && ocpi is 2001 or 3001, $"HTTP {http}, OCPI {ocpi}: {error}");
        Assert.Empty((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray());
        // The token the hub offered in its credentials (and the partner checked the hub's API with) opens nothing.
        var offered = partner.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/credentials", StringComparison.Ordinal));
        var hubToken = System.Text.Json.Nodes.JsonNode.Parse(offered.Body)!["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(HttpMethod.Get, hub.VersionsUrl, hubToken)).StatusCode);

        partner.CredentialsFault = CredentialsFault.None;
        var platformId = await Partners.HubConnectsAsync(hub, partner, partner.IssueTokenA());
        var platform = Assert.Single((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray())!;
        Assert.Equal((platformId, "CONNECTED"), (platform["id"]!.GetValue<string>(), platform["status"]!.GetValue<string>()));
        Assert.Equal("FAL", Assert.Single(platform["parties"]!.AsArray())!["party_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_partner_registering_with_an_unreachable_versions_url_gets_3001_and_keeps_its_token_a()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201);
        var tokenA = registered["token_a"]!.GetValue<string>();

        using var response = await Call(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.2.1/credentials", tokenA,
            """{"token":"partner-token","url":"http://127.0.0.1:1/versions","roles":[{"role":"CPO","party_id":"FAL","country_code":"NL","business_details":{"name":"F"}}]}""");

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(3001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("127.0.0.1:1", envelope["status_message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, hub.VersionsUrl, tokenA)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Token unknown-token")]
    [InlineData("Bearer test-admin-key")]
    public async Task Missing_or_unknown_token_is_401_with_an_ocpi_body(string? authorization)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, hub.VersionsUrl);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(2000, envelope["status_code"]!.GetValue<int>());
        Assert.StartsWith("Unauthorized", envelope["status_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_a_opens_versions_and_credentials_only()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201))["token_a"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, hub.VersionsUrl, tokenA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1", tokenA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Call(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/credentials", tokenA)).StatusCode);
        using var dataModule = await Call(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/hubclientinfo", tokenA);
        Assert.Equal(HttpStatusCode.Unauthorized, dataModule.StatusCode);
        Assert.Contains("token A", (await Partners.EnvelopeAsync(dataModule))["status_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_when_registered_and_put_or_delete_when_not_are_405_naming_the_allowed_methods()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "REG"));
        var other = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Not yet" }, 201))["token_a"]!.GetValue<string>();
        await Partners.RegisterWithHubAsync(hub, partner);
        var credentials = $"{hub.BaseUrl}/ocpi/2.2.1/credentials";

        // Each names the methods allowed as things stand (RFC 9110: a 405 carries Allow).
        await AssertNotAllowedAsync(await partner.SendToHubAsync(HttpMethod.Post, credentials, "{}"), "GET, PUT, DELETE");
        await AssertNotAllowedAsync(await Call(HttpMethod.Put, credentials, other, "{}"), "GET, POST");
        await AssertNotAllowedAsync(await Call(HttpMethod.Delete, credentials, other), "GET, POST");
    }

    private static async Task AssertNotAllowedAsync(HttpResponseMessage response, string allowed)
    {
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal(2000, (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invalid_credentials_body_is_2001_naming_the_field()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201))["token_a"]!.GetValue<string>();

        using var response = await Call(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.3.0/credentials", tokenA, """{"token":"t","url":"http://127.0.0.1:9/versions"}""");

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("$.roles: required field missing", envelope["status_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_2_2_path_is_a_clear_unsupported_version_error()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201))["token_a"]!.GetValue<string>();

        using var response = await Call(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2/credentials", tokenA);

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(3002, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("2.2 is not supported", envelope["status_message"]!.GetValue<string>());
    }

    internal static async Task<HttpResponseMessage> Call(HttpMethod method, string url, string token, string? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Token " + token);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await http.SendAsync(request);
    }
}
