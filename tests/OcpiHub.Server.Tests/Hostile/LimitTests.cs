using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// The hub's limits (docs/operations.md, "Limits"): a token bucket per platform on /ocpi (429, <c>Retry-After</c>,
/// the hub's OCPI 4000, 3000 to 2.1.1), a body size limit (413 in an envelope) and a JSON depth limit (the reader's 64:
/// deeper is not JSON to the hub, 400 with 2001).
/// </summary>
public class LimitTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_platform_over_its_rate_limit_gets_429_and_the_others_are_unaffected(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        // A bucket of three that refills one request a day: whatever the test's pace, the fourth request is over.
        foreach (var cpo in new[] { "C22", "C11" })
            await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{await net.PlatformIdAsync(cpo)}",
                new { settings = new { rate_limit_per_second = 1.0 / 86_400, rate_limit_burst = 3 } });

        foreach (var (cpo, ocpiStatus) in new[] { (net.Cpo221, 4000), (net.Cpo211, 3000) })
        {
            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 4; i++)
                answers.Add(await net.SendAsync(cpo, HttpMethod.Get, "receiver/locations/NL/" + cpo.Options.Parties[0].PartyId + "/NONE"));
            Assert.All(answers.Take(3), answer => Assert.NotEqual(HttpStatusCode.TooManyRequests, answer.StatusCode));
            var limited = answers[3];
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
            var envelope = await Partners.EnvelopeAsync(limited);
            Assert.Equal(ocpiStatus, envelope["status_code"]!.GetValue<int>());
            Assert.Contains("rate limit", envelope["status_message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // The other platforms keep the hub's own limit, well above this test's requests.
        foreach (var emsp in net.Emsps)
            for (var i = 0; i < 20; i++)
            {
                using var page = await net.SendAsync(emsp, HttpMethod.Get, "sender/locations");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }
        // The admin API is not limited: the operator can still lift the limit.
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{await net.PlatformIdAsync("C22")}",
            new { settings = new { rate_limit_per_second = (double?)null, rate_limit_burst = (int?)null } });
        using var lifted = await net.SendAsync(net.Cpo221, HttpMethod.Get, "receiver/locations/NL/C22/NONE");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, lifted.StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_known_token_share_one_bucket_per_address_and_get_429_in_an_envelope()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite, "--Hub:RateLimit:PermitsPerSecond=0.0001", "--Hub:RateLimit:Burst=2");
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        foreach (var token in new[] { "a", "b", "c", "d" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, hub.VersionsUrl);
            request.Headers.TryAddWithoutValidation("Authorization", "Token " + token);
            using var answer = await http.SendAsync(request);
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Equal(4000, JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["status_code"]!.GetValue<int>());
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData(0, "rate_limit_per_second")]
    [InlineData(-1, "rate_limit_per_second")]
    public async Task A_platform_rate_limit_that_cannot_be_used_is_refused(double rate, string named)
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var id = (await hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "P" }, 201))["id"]!.GetValue<string>();
        var refused = await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{id}", new { settings = new { rate_limit_per_second = rate } }, 400);
        Assert.Contains(named, refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        refused = await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{id}", new { settings = new { rate_limit_burst = 0 } }, 400);
        Assert.Contains("rate_limit_burst", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_body_over_the_configured_limit_is_413_in_an_envelope_and_one_under_it_is_read(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:MaxRequestBodyBytes=65536");
        var location = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1");
        var evses = Enumerable.Range(1, 400).Select(i => LocationJson.Evse(OcpiVersion.V221, $"E{i}")).ToList();
        var large = LocationJson.WithEvses(location, evses);
        Assert.True(large.Length > 65536, $"{large.Length} bytes");

        using var over = await net.SendAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(2000, (await Partners.EnvelopeAsync(over))["status_code"]!.GetValue<int>());
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.WithEvses(location, evses.Take(10)));
    }

    [Fact]
    public void The_default_body_limit_holds_a_page_of_1000_Locations_several_times_over()
    {
        var location = LocationJson.WithEvses(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"),
            Enumerable.Range(1, 4).Select(i => LocationJson.Evse(OcpiVersion.V221, $"E{i}")));
        var page = "[" + string.Join(",", Enumerable.Repeat(location, 1000)) + "]";
        Assert.True(new HubOptions().MaxRequestBodyBytes > 4L * System.Text.Encoding.UTF8.GetByteCount(page), $"a page is {page.Length} bytes");
    }

    [Theory]
    [InlineData(63, 200, 2001)] // within the limit: JSON, of the wrong shape
    [InlineData(65, 400, 2001)] // beyond it: not JSON to the hub
    public async Task Json_nested_beyond_64_levels_is_not_json_to_the_hub(int depth, int http, int ocpi)
    {
        await using var net = await RoamingNetwork.StartAsync(StorageKind.Sqlite);
        var nested = new string('[', depth) + new string(']', depth);
        var body = LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1").Replace("\"publish\":true", "\"publish\":" + nested);
        using var answer = await net.SendAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", body);
        Assert.Equal(http, (int)answer.StatusCode);
        Assert.Equal(ocpi, (await Partners.EnvelopeAsync(answer))["status_code"]!.GetValue<int>());
    }
}
