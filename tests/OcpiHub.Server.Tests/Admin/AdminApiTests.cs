using System.Net;
using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Server.Cli;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Onboarding;

namespace OcpiHub.Server.Tests.Admin;

/// <summary>The admin API's shapes, errors and settings, and the CLI driving it.</summary>
public class AdminApiTests
{
    [Theory]
    [InlineData("GET", "admin/platforms")]
    [InlineData("POST", "admin/platforms")]
    [InlineData("GET", "admin/agreements")]
    [InlineData("DELETE", "admin/agreements/x")]
    public async Task Every_admin_call_needs_the_admin_key(string method, string path)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl + "/") };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer wrong-key");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("admin key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_admin_keys_from_one_address_are_refused_unchecked_beyond_a_few_while_the_admin_key_still_works()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl + "/") };
        async Task<HttpResponseMessage> CallWithAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "admin/platforms");
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
            return await http.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.OK, (await CallWithAsync(HubUnderTest.AdminKey)).StatusCode);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
            answers.Add(await CallWithAsync($"wrong-key-number-{i}"));

        // Each wrong key checked costs the hub a key derivation: only a few are, the rest are answered at once.
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized), 1, 15);
        var throttled = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(throttled.Headers.RetryAfter);
        answers.ForEach(a => a.Dispose());
        Assert.Equal(HttpStatusCode.OK, (await CallWithAsync(HubUnderTest.AdminKey)).StatusCode);
    }

    [Theory]
    [InlineData("admin/platforms", "{\"name\": ", "malformed JSON body")]
    [InlineData("admin/platforms", "{\"name\": \"\"}", "name is required")]
    [InlineData("admin/platforms", "{\"name\": \"P\", \"role\": \"CPO\"}", "country_code (2 letters) and party_id")]
    [InlineData("admin/platforms", "{\"name\": \"P\", \"role\": \"KING\", \"country_code\": \"NL\", \"party_id\": \"ABC\"}", "role must be one of")]
    [InlineData("admin/platforms/connect", "{\"name\": \"P\"}", "versions_url and token_a are required")]
    [InlineData("admin/platforms/connect", "{\"name\": \"P\", \"versions_url\": \"file:///etc/passwd\", \"token_a\": \"t\"}", "only http and https")]
    [InlineData("admin/platforms/connect", "{\"name\": \"P\", \"versions_url\": \"http://169.254.169.254/latest\", \"token_a\": \"t\"}", "cloud metadata")]
    [InlineData("admin/agreements", "{\"cpo\": \"NL\"}", "COUNTRY*PARTY")]
    [InlineData("admin/agreements", "[1, 2]", "malformed JSON body")]
    public async Task Malformed_admin_bodies_are_400_with_a_reason(string path, string body, string reason)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);

        using var response = await hub.Admin.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("admin/deliveries?limit=abc")]
    [InlineData("admin/syncs?limit=10.5")]
    public async Task A_limit_that_is_no_number_is_400_with_a_reason(string path)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);

        var refused = await hub.AdminAsync(HttpMethod.Get, path, expectedStatus: 400);

        Assert.Contains("limit is a whole number", refused["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Platforms_have_the_documented_shape_and_settings_change_by_patch(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Old 2.1.1 CPO", role = "CPO", country_code = "NL", party_id = "ABC" }, 201);
        Assert.Equal(["id", "token_a", "versions_url"], registered.AsObject().Select(p => p.Key).Order());
        Assert.Equal($"{hub.BaseUrl}/ocpi/versions", registered["versions_url"]!.GetValue<string>());
        var id = registered["id"]!.GetValue<string>();

        var shown = await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}");
        Assert.Equal(id, shown["id"]!.GetValue<string>());
        Assert.Equal(("Old 2.1.1 CPO", "PLANNED"), (shown["name"]!.GetValue<string>(), shown["status"]!.GetValue<string>()));
        Assert.Null(shown["version"]);
        var party = Assert.Single(shown["parties"]!.AsArray())!;
        Assert.Equal(("NL", "ABC", "CPO"), (party["country_code"]!.GetValue<string>(), party["party_id"]!.GetValue<string>(), party["role"]!.GetValue<string>()));
        Assert.True(shown["settings"]!["outbound_token_base64"]!.GetValue<bool>());
        Assert.False(shown["settings"]!["total_count_header"]!.GetValue<bool>());
        Assert.Equal(1000, shown["settings"]!["pull_limit"]!.GetValue<int>());
        Assert.True(shown["settings"]!["pull"]!.GetValue<bool>());

        var patched = await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{id}", new { settings = new { total_count_header = true, pull_limit = 500, pull = false } });
        Assert.True(patched["settings"]!["total_count_header"]!.GetValue<bool>());
        var stored = (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}"))["settings"]!;
        Assert.Equal((500, false), (stored["pull_limit"]!.GetValue<int>(), stored["pull"]!.GetValue<bool>()));
        Assert.Contains("unknown setting 'pull_limt'", (await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{id}", new { settings = new { pull_limt = 5 } }, 400))["error"]!.GetValue<string>());

        Assert.Single((await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray());
        await hub.AdminAsync(HttpMethod.Delete, $"admin/platforms/{id}", expectedStatus: 204);
        await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}", expectedStatus: 404);
        Assert.Equal(HttpStatusCode.Unauthorized, (await HandshakeFailureTests.Call(HttpMethod.Get, hub.VersionsUrl, registered["token_a"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task Raw_and_base64_inbound_tokens_authenticate_and_outbound_encoding_follows_the_setting()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        await using var raw = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "RAW"), base64Tokens: false);
        await using var encoded = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "B64"), base64Tokens: true);
        var rawPlatform = await Partners.ConnectAsync(hub, raw, Initiator.Partner);
        await Partners.ConnectAsync(hub, encoded, Initiator.Partner);

        Assert.Equal(HttpStatusCode.OK, (await raw.SendToHubAsync(HttpMethod.Get, hub.VersionsUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await encoded.SendToHubAsync(HttpMethod.Get, hub.VersionsUrl)).StatusCode);

        async Task<string> ProbeHeaderAsync()
        {
            var before = raw.Requests.Count;
            var platform = (await hub.Service<Core.Platforms.IPlatformStore>().FindAsync(rawPlatform))!;
            await hub.Service<ClientInfo.ConnectionMonitor>().ProbeAsync(platform, CancellationToken.None);
            return raw.Requests.Skip(before).Single().Headers["Authorization"];
        }

        Assert.Equal("Token " + Convert.ToBase64String(Encoding.UTF8.GetBytes(raw.TokenToCallPartner!)), await ProbeHeaderAsync());
        await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{rawPlatform}", new { settings = new { outbound_token_base64 = false } });
        Assert.Equal("Token " + raw.TokenToCallPartner, await ProbeHeaderAsync());
    }

    [Fact]
    public async Task The_cli_registers_a_platform_and_prints_its_token_a_and_lists_it()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var client = new AdminApiClient(hub.BaseUrl, HubUnderTest.AdminKey);
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, await HubCommandLine.RunAsync(["platforms", "register", "--name", "Partner CPO", "--role", "CPO", "--country", "NL", "--party", "ABC"], client, output, error));
        var tokenA = output.ToString().Split('\n').Single(l => l.Contains("token A:")).Split(':', 2)[1].Trim();
        Assert.Equal(HttpStatusCode.OK, (await HandshakeFailureTests.Call(HttpMethod.Get, hub.VersionsUrl, tokenA)).StatusCode);

        output.GetStringBuilder().Clear();
        Assert.Equal(0, await HubCommandLine.RunAsync(["platforms", "list"], client, output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id", lines[0]);
        Assert.Contains("Partner CPO", lines[2]);
        Assert.Contains("PLANNED", lines[2]);
        Assert.Contains("NL*ABC CPO", lines[2]);

        Assert.Equal(1, await HubCommandLine.RunAsync(["agreements", "add", "--cpo", "NL*ABC"], client, output, error));
        Assert.Contains("'--emsp' is required", error.ToString());
    }

    [Fact]
    public async Task An_id_given_to_the_cli_names_that_id_and_no_other_endpoint()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var platform = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Kept" }, 201))["id"]!.ToString();
        using var client = new AdminApiClient(hub.BaseUrl, HubUnderTest.AdminKey);
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(1, await HubCommandLine.RunAsync(["platforms", "remove", $"none/../{platform}"], client, output, error));
        Assert.Equal(1, await HubCommandLine.RunAsync(["platforms", "remove", ".."], client, output, error));

        Assert.Contains("404", error.ToString());
        Assert.Equal("Kept", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{platform}"))["name"]!.ToString());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_objects_in_store_are_counted_per_owner_and_module_by_the_api_and_the_cli(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        foreach (var id in new[] { "L1", "L2" })
            await Commands.CommandNetwork.PutLocationAsync(net.Hub, net.Cpo221, id);
        var evses = System.Text.Json.Nodes.JsonNode.Parse(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"))!["evses"]!.AsArray().Count;

        var counts = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/objects")).AsArray();
        var locations = Assert.Single(counts, c => c!["owner"]!.GetValue<string>() == "NL*C22" && c["module"]!.GetValue<string>() == "locations")!;
        Assert.Equal((2, 2 * evses), (locations["objects"]!.GetValue<int>(), locations["evses"]!.GetValue<int>()));

        using var client = new AdminApiClient(net.Hub.BaseUrl, HubUnderTest.AdminKey);
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await HubCommandLine.RunAsync(["objects"], client, output, error));
        Assert.Contains(output.ToString().Split('\n'), l => l.Contains("NL*C22") && l.Contains("locations") && l.Contains($" {2 * evses} "));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_api()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        using var http = new HttpClient();

        var document = await http.GetStringAsync($"{hub.BaseUrl}/openapi/v1.json");

        Assert.Contains("/admin/platforms/connect", document);
        Assert.Contains("/admin/agreements/{id}/suspend", document);
    }
}
