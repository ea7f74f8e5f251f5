using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Operations;

/// <summary>
/// The load balancer's view: <c>/health/live</c> while the process runs, <c>/health/ready</c> only while the
/// database answers and is migrated and the delivery backlog is within bounds; <c>/health</c> names the node.
/// </summary>
public class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(HubUnderTest hub, string path)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(hub.BaseUrl + path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(HubUnderTest hub, HttpStatusCode expected) =>
        Eventually.UntilAsync(() => GetAsync(hub, "/health/ready"), r => r.Status == expected, $"/health/ready {expected}");

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Ready_goes_unhealthy_while_the_database_is_gone_and_healthy_when_it_returns(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var ready = await ReadyAsync(hub, HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.Body["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hub, "/health")).Status);

        await using (var outage = await DatabaseOutage.BeginAsync(hub, storage))
        {
            var down = await ReadyAsync(hub, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", down.Body["status"]!.GetValue<string>());
            Assert.Equal("Unhealthy", down.Body["checks"]!["database"]!["status"]!.GetValue<string>());
            // The process is up: live stays healthy, and the node's own answer says why it cannot serve.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(hub, "/health/live")).Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(hub, "/health")).Status);
        }

        await ReadyAsync(hub, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hub, "/health")).Status);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Ready_goes_unhealthy_when_dead_letters_pass_their_threshold(StorageKind storage)
    {
        // Threshold 0: the first dead letter is one too many. E22 refuses Locations for good, so the push's delivery dies.
        await using var net = await RoamingNetwork.StartAsync(storage, "--Hub:Health:MaxDeadDeliveries=0", "--Hub:Telemetry:DeliveryCountSeconds=0.2");
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(net.Hub, HttpStatusCode.OK)).Status);
        net.Emsp221.ModuleResponder = _ => new Simulator.SimulatedResponse(HttpStatus: 400, OcpiStatus: 2001, Message: "refused");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC1", LocationJson.Location(Protocol.OcpiVersion.V221, "NL", "C22", "LOC1"));

        var down = await ReadyAsync(net.Hub, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", down.Body["checks"]!["deliveries"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", down.Body["checks"]!["database"]!["status"]!.GetValue<string>());
    }
}
