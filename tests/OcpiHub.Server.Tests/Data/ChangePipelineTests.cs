using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Data;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The change pipeline as a pull uses it: a pulled Location that is new or newer is stored and broadcast exactly as a
/// push of it; one equal to the stored copy, or older by <c>last_updated</c>, changes nothing and reaches no one.
/// </summary>
public class ChangePipelineTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_pulled_object_changes_the_store_and_reaches_receivers_only_when_it_is_new_or_newer(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var pipeline = net.Hub.Service<ChangePipeline>();
        var owner = new PartyKey("NL", "C22");
        async Task<ChangeOutcome> PullAsync(string updated, string name = "Plaza L1")
        {
            var location = JsonNode.Parse(LocationJson.Location(OcpiVersion.V230, "NL", "C22", "L1", updated))!.AsObject();
            location["name"] = name;
            var change = new ObjectChange(DataShapes.For(DataModule.Locations), owner, ["L1"], "L1", location, "PUT",
                new RoutingDecision.StoreAndBroadcast(owner), "pull-test", ChangeSource.Pull);
            return (await pipeline.ApplyAsync(change, _ => null, CancellationToken.None)).Outcome;
        }

        Assert.Equal(ChangeOutcome.Created, await PullAsync("2026-11-01T10:00:00Z"));
        await RoamingNetwork.ChangesAsync(net.Emsp221, "locations", 1);
        Assert.Equal(ChangeOutcome.Unchanged, await PullAsync("2026-11-01T10:00:00Z"));
        Assert.Equal(ChangeOutcome.Unchanged, await PullAsync("2026-10-01T10:00:00Z", name: "an older copy"));
        Assert.Equal(ChangeOutcome.Updated, await PullAsync("2026-11-02T10:00:00Z", name: "Plaza renamed"));

        // E22 and E30 have agreements with C22: each got the new Location and the newer copy, nothing else.
        foreach (var emsp in new[] { net.Emsp221, net.Emsp230 })
        {
            await RoamingNetwork.ChangesAsync(emsp, "locations", 2);
            await Task.Delay(300);
            Assert.Equal(["Plaza L1", "Plaza renamed"], RoamingNetwork.Changes(emsp, "locations").Select(r => JsonNode.Parse(r.Body)!["name"]!.GetValue<string>()));
        }
        using var stored = await net.SendAsync(net.Cpo221, HttpMethod.Get, "receiver/locations/NL/C22/L1");
        Assert.Equal("Plaza renamed", (await Partners.EnvelopeAsync(stored))["data"]!["name"]!.GetValue<string>());
    }
}
