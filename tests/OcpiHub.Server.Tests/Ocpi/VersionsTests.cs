using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Onboarding;

namespace OcpiHub.Server.Tests.Ocpi;

public class VersionsTests
{
    [Fact]
    public async Task Versions_lists_the_three_supported_versions_and_never_2_2()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201))["token_a"]!.GetValue<string>();

        var envelope = await Partners.EnvelopeAsync(await HandshakeFailureTests.Call(HttpMethod.Get, hub.VersionsUrl, tokenA));

        var versions = envelope["data"]!.AsArray().Select(v => (v!["version"]!.GetValue<string>(), v["url"]!.GetValue<string>())).ToList();
        Assert.Equal([("2.1.1", $"{hub.BaseUrl}/ocpi/2.1.1"), ("2.2.1", $"{hub.BaseUrl}/ocpi/2.2.1"), ("2.3.0", $"{hub.BaseUrl}/ocpi/2.3.0")], versions);
    }

    [Theory]
    [InlineData("2.1.1", false)]
    [InlineData("2.2.1", true)]
    [InlineData("2.3.0", true)]
    public async Task Version_details_list_the_hub_endpoints_with_roles_from_2_2_1_on(string version, bool withRoles)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var tokenA = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner", role = "CPO", country_code = "NL", party_id = "ABC" }, 201))["token_a"]!.GetValue<string>();

        var data = (await Partners.EnvelopeAsync(await HandshakeFailureTests.Call(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/{version}", tokenA)))["data"]!;

        Assert.Equal(version, data["version"]!.GetValue<string>());
        var endpoints = data["endpoints"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var credentials = Assert.Single(endpoints, e => e["identifier"]!.GetValue<string>() == "credentials");
        Assert.Equal($"{hub.BaseUrl}/ocpi/{version}/credentials", credentials["url"]!.GetValue<string>());
        Assert.All(endpoints, e => Assert.Equal(withRoles, e.ContainsKey("role")));
        Assert.Equal(withRoles, endpoints.Any(e => e["identifier"]!.GetValue<string>() == "hubclientinfo"));
    }

    [Fact]
    public void A_2_1_1_partner_sees_the_side_it_talks_to()
    {
        HubInterface[] all =
        [
            new("credentials", Protocol.Enums.InterfaceRole.Sender),
            new("locations", Protocol.Enums.InterfaceRole.Sender), new("locations", Protocol.Enums.InterfaceRole.Receiver),
            new("tokens", Protocol.Enums.InterfaceRole.Sender), new("tokens", Protocol.Enums.InterfaceRole.Receiver),
            new("commands", Protocol.Enums.InterfaceRole.Sender), new("commands", Protocol.Enums.InterfaceRole.Receiver),
            new("hubclientinfo", Protocol.Enums.InterfaceRole.Sender, OcpiVersion.V221),
        ];
        string Side(string? partnerRole, string module) => HubInterfaces.For(OcpiVersion.V211, partnerRole, all).Single(i => i.Module == module).Role.Value;

        // A CPO talks to the hub's eMSP side: the hub receives its locations, sends it tokens and commands.
        Assert.Equal(("RECEIVER", "SENDER", "SENDER"), (Side("CPO", "locations"), Side("CPO", "tokens"), Side("CPO", "commands")));
        // An eMSP talks to the hub's CPO side.
        Assert.Equal(("SENDER", "RECEIVER", "RECEIVER"), (Side("EMSP", "locations"), Side("EMSP", "tokens"), Side("EMSP", "commands")));
        Assert.DoesNotContain(HubInterfaces.For(OcpiVersion.V211, "CPO", all), i => i.Module == "hubclientinfo");
        Assert.Equal(8, HubInterfaces.For(OcpiVersion.V221, null, all).Count);
        Assert.Equal("sender/locations", HubInterfaces.PathOf(all[1], all));
        Assert.Equal("credentials", HubInterfaces.PathOf(all[0], all));
    }
}
