using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Sync.SyncAdmin;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// What a partner's credentials say decides how the hub stands with it: the 2.1.1 party it names (whatever the
/// operator expected), the token encoding it reads, the party and role a PUT to 2.1.1 keeps; the hub's own party
/// is never a partner's.
/// </summary>
public class PartnerCredentialsTests
{
    public static TheoryData<StorageKind, Initiator> StorageAndInitiator()
    {
        var data = new TheoryData<StorageKind, Initiator>();
        foreach (var storage in Enum.GetValues<StorageKind>())
            foreach (var initiator in Enum.GetValues<Initiator>())
                data.Add(storage, initiator);
        return data;
    }

    [Theory, MemberData(nameof(StorageAndInitiator))]
    public async Task A_2_1_1_partner_naming_another_party_than_the_declared_one_is_that_party_and_its_locations_sync(StorageKind storage, Initiator initiator)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V211, Partners.Party(Party.Cpo, "XYZ"));
        var declared = new { name = "CPO", role = Party.Cpo, country_code = "NL", party_id = "ABC" };
        string platformId;
        if (initiator == Initiator.Partner)
        {
            var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", declared, 201);
            var answer = await cpo.RegisterAsync(registered["versions_url"]!.GetValue<string>(), registered["token_a"]!.GetValue<string>());
            Assert.Equal(1000, answer["status_code"]!.GetValue<int>());
            platformId = registered["id"]!.GetValue<string>();
        }
        else
        {
            platformId = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms/connect", new
            {
                declared.name, versions_url = cpo.VersionsUrl, token_a = cpo.IssueTokenA(), declared.role, declared.country_code, declared.party_id,
            }, 201))["id"]!.GetValue<string>();
        }
        Assert.Equal(["NL*XYZ CPO"], await PartiesAsync(hub, platformId));
        cpo.Sender("locations").Put(LocationJson.Location(OcpiVersion.V211, "NL", "XYZ", "L1"));
        cpo.Sender("locations").Put(LocationJson.Location(OcpiVersion.V211, "NL", "XYZ", "L2"));

        Assert.Equal(("SUCCEEDED", 1, 2, 2, 0, 0), Counters(await RunAsync(hub, "XYZ")));

        // A PUT naming yet another party moves the platform to it (2.1.1 credentials: the client updates its credentials with PUT).
        cpo.Carry(Partners.Party(Party.Cpo, "QRS"));
        Assert.Equal(1000, (await cpo.UpdateCredentialsAsync())["status_code"]!.GetValue<int>());
        Assert.Equal(["NL*QRS CPO"], await PartiesAsync(hub, platformId));
        var moved = await RunAsync(hub, "QRS");
        Assert.Equal(("SUCCEEDED", 0), (moved["status"]!.GetValue<string>(), moved["invalid"]!.GetValue<int>()));

        // Unregistered, it is shown with the party it last named, which it may register again as.
        Assert.Equal(1000, (await cpo.UnregisterAsync())["status_code"]!.GetValue<int>());
        Assert.Equal(["NL*QRS CPO"], await PartiesAsync(hub, platformId));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_reading_tokens_only_as_sent_registers_itself_and_is_called_with_its_token_as_is(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V221, Parties = [Partners.Party(Party.Cpo, "RAW")], Base64Tokens = false, AcceptsBase64Tokens = false,
        });

        var (platformId, _) = await Partners.RegisterWithHubAsync(hub, cpo);

        var before = cpo.Requests.Count;
        await hub.Service<ConnectionMonitor>().ProbeAsync((await hub.Service<IPlatformStore>().FindAsync(platformId))!, CancellationToken.None);
        Assert.Equal("Token " + cpo.TokenToCallPartner, cpo.Requests.Skip(before).Single().Headers["Authorization"]);
        Assert.Equal("CONNECTED", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"))["status"]!.GetValue<string>());
        Assert.Equal(1000, (await cpo.UpdateCredentialsAsync())["status_code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_put_moving_a_platform_to_2_1_1_keeps_its_one_party_and_role_when_none_was_declared(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party(Party.Emsp, "MOV"));
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "eMSP" }, 201);
        Assert.Equal(1000, (await emsp.RegisterAsync(registered["versions_url"]!.GetValue<string>(), registered["token_a"]!.GetValue<string>()))["status_code"]!.GetValue<int>());
        var platformId = registered["id"]!.GetValue<string>();

        // The partner now speaks 2.1.1 (its 2.1.1 side simulated apart, taking the token the PUT gives the hub).
        await using var emsp211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party(Party.Emsp, "MOV"));
        using var response = await HandshakeFailureTests.Call(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.1.1/credentials", emsp.TokenToCallHub!,
            $$$"""{"token":"{{{emsp211.IssueTokenA()}}}","url":"{{{emsp211.VersionsUrl}}}","party_id":"MOV","country_code":"NL","business_details":{"name":"MOV"}}""");

        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.Equal("2.1.1", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"))["version"]!.GetValue<string>());
        Assert.Equal(["NL*MOV EMSP"], await PartiesAsync(hub, platformId));
    }

    [Theory, MemberData(nameof(StorageAndInitiator))]
    public async Task A_partner_claiming_the_hubs_own_party_is_refused_with_2001_naming_it(StorageKind storage, Initiator initiator)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party(Party.Cpo, "HUB", "DE"));

        var (status, message) = initiator == Initiator.Partner
            ? await RegisterAsync(hub, partner)
            : await HubConnectsAsync(hub, partner);

        Assert.Equal(2001, status);
        Assert.Contains("DE*HUB", message);
        Assert.DoesNotContain((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray(), p => p!["status"]!.GetValue<string>() == "CONNECTED");
    }

    private static async Task<(int?, string)> RegisterAsync(HubUnderTest hub, SimulatedPartner partner)
    {
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201);
        var answer = await partner.RegisterAsync(registered["versions_url"]!.GetValue<string>(), registered["token_a"]!.GetValue<string>());
        return (answer["status_code"]!.GetValue<int>(), answer["status_message"]?.GetValue<string>() ?? "");
    }

    private static async Task<(int?, string)> HubConnectsAsync(HubUnderTest hub, SimulatedPartner partner)
    {
        var (_, ocpi, error) = await HandshakeFailureTests.ConnectAsync(hub, partner.VersionsUrl, partner.IssueTokenA());
        return (ocpi, error);
    }

    /// <summary>The platform's parties as the admin API shows them: "NL*ABC CPO".</summary>
    private static async Task<List<string>> PartiesAsync(HubUnderTest hub, string platformId) =>
        [.. (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platformId}"))["parties"]!.AsArray()
            .Select(p => $"{p!["country_code"]}*{p["party_id"]} {p["role"]}")];
}
