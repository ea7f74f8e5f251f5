using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Commands;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// Which partner addresses the hub calls, over real HTTP: loopback and private ones only when
/// <c>Hub:AllowPrivatePartnerAddresses</c> is on (every other test hub has it on, its partners being on loopback),
/// cloud metadata, link-local and unspecified ones and non-HTTP URLs never. A refused partner is told why at once.
/// </summary>
public class PartnerAddressTests
{
    private const string PrivateAddressesOff = "--Hub:AllowPrivatePartnerAddresses=false";

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_on_a_name_resolving_to_loopback_is_refused_at_registration_unless_private_addresses_are_allowed(StorageKind storage)
    {
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "FAL"));
        var byName = partner.VersionsUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await using (var hub = await HubUnderTest.StartAsync(storage, PrivateAddressesOff))
        {
            var (status, message) = await RegisterAsync(hub, byName);
            Assert.Equal(3001, status);
            Assert.Contains("localhost resolves to loopback addresses only", message, StringComparison.Ordinal);
            Assert.Contains("Hub:AllowPrivatePartnerAddresses", message, StringComparison.Ordinal);

            var (http, ocpi, error) = await HandshakeFailureTests.ConnectAsync(hub, byName, partner.IssueTokenA());
            Assert.Equal((502, 3001), (http, ocpi));
            Assert.Contains("localhost resolves to loopback addresses only", error, StringComparison.Ordinal);
            Assert.Empty(partner.Requests);
            Assert.DoesNotContain((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray(), p => p!["status"]!.GetValue<string>() == "CONNECTED");
        }

        await using var allowing = await HubUnderTest.StartAsync(storage);
        var (connected, _, problem) = await HandshakeFailureTests.ConnectAsync(allowing, byName, partner.IssueTokenA());
        Assert.True(connected == 201, problem);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Metadata_link_local_and_unspecified_addresses_and_non_http_urls_are_refused_even_with_private_addresses_allowed(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        // The URL as a partner's credentials give it (its status: 3001, the hub cannot use the partner's API; 2001 when
        // the URL is not even an http(s) URL), and as the operator gives it for the hub to connect to (HTTP 400).
        (string Url, int Status, string Why)[] refused =
        [
            ("http://169.254.169.254/latest/meta-data/", 3001, "cloud metadata"),
            ("http://100.100.100.200/latest/meta-data/", 3001, "cloud metadata"),
            ("http://[fd00:ec2::254]/latest/meta-data/", 3001, "cloud metadata"),
            ("http://[::ffff:169.254.169.254]/ocpi/versions", 3001, "cloud metadata"),
            ("http://169.254.10.1/ocpi/versions", 3001, "link-local"),
            ("http://0.0.0.0:80/ocpi/versions", 3001, "unspecified"),
            ("http://[::]:80/ocpi/versions", 3001, "unspecified"),
            ("http://user:secret@127.0.0.1:1/ocpi/versions", 3001, "user info"),
            ("file:///etc/passwd", 2001, "http"),
        ];
        foreach (var (url, expectedStatus, why) in refused)
        {
            var (status, message) = await RegisterAsync(hub, url);
            Assert.True(status == expectedStatus && message.Contains(why, StringComparison.Ordinal), $"{url}: OCPI {status}, {message}");
            var (http, _, error) = await HandshakeFailureTests.ConnectAsync(hub, url, "token-a");
            Assert.True(http == 400 && error.Contains(why, StringComparison.Ordinal), $"{url}: HTTP {http}, {error}");
        }
        Assert.DoesNotContain((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray(), p => p!["status"]!.GetValue<string>() == "CONNECTED");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_command_whose_response_url_is_a_metadata_address_is_refused_at_once_and_reaches_no_cpo(StorageKind storage)
    {
        await using var net = await CommandNetwork.StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        const string metadataUrl = "http://169.254.169.254/latest/meta-data/iam/security-credentials";

        var (_, envelope) = await net.SendCommandAsync(emsp, "START_SESSION",
            CommandJson.Body("START_SESSION", emsp.Options.Version, metadataUrl, emsp, cpo), Guid.NewGuid().ToString());

        // Acknowledging it would promise a result the hub could never post.
        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
        Assert.Contains("response_url: cloud metadata addresses are not called", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, net.CommandCount);
        // Nothing queued for the command (the network's set-up may still be delivering its Locations).
        var store = net.Hub.Service<IDataStore>();
        foreach (var status in new[] { DeliveryStatus.Pending, DeliveryStatus.Dead })
            Assert.DoesNotContain(await store.ListDeliveriesAsync(status, false, 1000), d => d.Module == DataModule.Commands);
    }

    /// <summary>A partner registers with the hub (POST credentials with a token A the operator issued), naming <paramref name="versionsUrl"/> as its own.</summary>
    private static async Task<(int Status, string Message)> RegisterAsync(HubUnderTest hub, string versionsUrl)
    {
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Partner" }, 201);
        using var response = await HandshakeFailureTests.Call(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.2.1/credentials", registered["token_a"]!.GetValue<string>(),
            new JsonObject
            {
                ["token"] = "partner-token", ["url"] = versionsUrl,
                ["roles"] = new JsonArray(new JsonObject { ["role"] = "CPO", ["party_id"] = "LOC", ["country_code"] = "NL", ["business_details"] = new JsonObject { ["name"] = "L" } }),
            }.ToJsonString());
        var envelope = await Partners.EnvelopeAsync(response);
        return (envelope["status_code"]!.GetValue<int>(), envelope["status_message"]?.GetValue<string>() ?? "");
    }
}
