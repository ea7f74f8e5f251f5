using System.Net;
using System.Text;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// The credentials handshake over real HTTP against a simulated partner: every version x who starts x partner
/// role, on SQLite and PostgreSQL. Afterwards both sides call each other with working tokens, the hub lists
/// the partner's parties, token A is dead, a PUT leaves only the new tokens working and DELETE unregisters.
/// </summary>
public class HandshakeMatrixTests
{
    public static TheoryData<StorageKind, OcpiVersion, Initiator, string> Matrix()
    {
        var data = new TheoryData<StorageKind, OcpiVersion, Initiator, string>();
        foreach (var storage in Enum.GetValues<StorageKind>())
            foreach (var version in OcpiVersions.All)
                foreach (var initiator in Enum.GetValues<Initiator>())
                    foreach (var role in new[] { Party.Cpo, Party.Emsp })
                        data.Add(storage, version, initiator, role);
        return data;
    }

    [Theory, MemberData(nameof(Matrix))]
    public async Task Handshake_leaves_both_sides_with_working_tokens_and_rotation_and_deletion_work(
        StorageKind storage, OcpiVersion version, Initiator initiator, string role)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await Partners.StartAsync(version, Partners.Party(role, "PRT"));
        string platformId, tokenA;
        if (initiator == Initiator.Partner)
        {
            (platformId, tokenA) = await Partners.RegisterWithHubAsync(hub, partner);
        }
        else
        {
            tokenA = partner.IssueTokenA();
            platformId = await Partners.HubConnectsAsync(hub, partner, tokenA);
        }

        // The hub knows the partner: version, status and parties.
        var platform = await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}");
        Assert.Equal("CONNECTED", platform["status"]!.GetValue<string>());
        Assert.Equal(version.ToWire(), platform["version"]!.GetValue<string>());
        var party = Assert.Single(platform["parties"]!.AsArray());
        Assert.Equal(("NL", "PRT", role), (party!["country_code"]!.GetValue<string>(), party["party_id"]!.GetValue<string>(), party["role"]!.GetValue<string>()));

        // Partner -> hub works with its token; hub -> partner works with the partner's token.
        await AssertPartnerReachesHubAsync(hub, partner, version);
        await AssertHubReachesPartnerAsync(hub, partner, platformId);

        // Token A is dead: the hub's, or the partner's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(initiator == Initiator.Partner ? hub.VersionsUrl : partner.VersionsUrl, tokenA)).StatusCode);

        // PUT rotation: only the new tokens work.
        var oldHubToken = partner.TokenToCallHub!;
        var oldPartnerToken = partner.TokenToCallPartner!;
        Assert.Equal(1000, (await partner.UpdateCredentialsAsync())["status_code"]!.GetValue<int>());
        Assert.NotEqual(oldHubToken, partner.TokenToCallHub);
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.SendToHubAsync(HttpMethod.Get, hub.VersionsUrl, token: oldHubToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(partner.VersionsUrl, oldPartnerToken)).StatusCode);
        await AssertPartnerReachesHubAsync(hub, partner, version);
        await AssertHubReachesPartnerAsync(hub, partner, platformId);

        // DELETE unregisters: the partner's token no longer opens anything.
        var lastToken = partner.TokenToCallHub!;
        Assert.Equal(1000, (await partner.UnregisterAsync())["status_code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await partner.SendToHubAsync(HttpMethod.Get, hub.VersionsUrl, token: lastToken)).StatusCode);
        Assert.Equal("UNREGISTERED", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"))["status"]!.GetValue<string>());
    }

    private static async Task AssertPartnerReachesHubAsync(HubUnderTest hub, SimulatedPartner partner, OcpiVersion version)
    {
        using var response = await partner.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/{version.ToWire()}/credentials");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>());
    }

    /// <summary>The hub's probe of the partner's versions endpoint is a real authenticated call with the partner's current token.</summary>
    private static async Task AssertHubReachesPartnerAsync(HubUnderTest hub, SimulatedPartner partner, string platformId)
    {
        var before = partner.Requests.Count;
        var platform = (await hub.Service<IPlatformStore>().FindAsync(platformId))!;
        await hub.Service<ConnectionMonitor>().ProbeAsync(platform, CancellationToken.None);
        var probe = partner.Requests.Skip(before).Single(r => r.Method == "GET");
        Assert.Contains(partner.TokenToCallPartner!, Tokens(probe.Headers["Authorization"]));
        Assert.Equal("CONNECTED", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"))["status"]!.GetValue<string>());
    }

    private static IEnumerable<string> Tokens(string authorization) => Core.Security.Tokens.Candidates(authorization);

    private static async Task<HttpResponseMessage> Get(string url, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
        return await http.SendAsync(request);
    }
}
