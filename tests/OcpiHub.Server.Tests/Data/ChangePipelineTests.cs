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
            var change = new ObjectChange(DataShapes.For(DataModule.Locations), owner, ["L1"], "L1", CanonicalJson.Parse(location.ToJsonString()), "PUT",
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

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_batch_of_two_owners_objects_removes_updates_and_creates_them_together(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var pipeline = net.Hub.Service<ChangePipeline>();
        var (c11, c22) = (new PartyKey("NL", "C11"), new PartyKey("NL", "C22"));
        ObjectChange Tariff(PartyKey owner, string id, string method, string updated = "2026-11-01T10:00:00Z") => new(DataShapes.For(DataModule.Tariffs),
            owner, [id], id, method == "DELETE" ? null : CanonicalJson.Parse(TariffJson.Tariff(OcpiVersion.V230, owner.CountryCode, owner.PartyId, id, updated: updated)),
            method, new RoutingDecision.StoreAndBroadcast(owner), "batch-test", ChangeSource.Push);
        async Task<ChangeOutcome[]> ApplyAsync(params ObjectChange[] changes) =>
            [.. (await pipeline.ApplyAsync(changes, (_, _) => null, CancellationToken.None)).Select(r => r.Outcome)];

        Assert.Equal([ChangeOutcome.Created, ChangeOutcome.Created], await ApplyAsync(Tariff(c22, "T1", "PUT"), Tariff(c11, "T2", "PUT")));
        await RoamingNetwork.ChangesAsync(net.Emsp230, "tariffs", 2);

        // One transaction: C22's T1 removed and T3 created, C11's T2 updated and T4 created.
        Assert.Equal([ChangeOutcome.Deleted, ChangeOutcome.Updated, ChangeOutcome.Created, ChangeOutcome.Created],
            await ApplyAsync(Tariff(c22, "T1", "DELETE"), Tariff(c11, "T2", "PUT", "2026-11-02T10:00:00Z"), Tariff(c22, "T3", "PUT"), Tariff(c11, "T4", "PUT")));

        // E30 agreed with both: every change, in the batch's order per object.
        var changes = await RoamingNetwork.ChangesAsync(net.Emsp230, "tariffs", 6);
        var seen = changes.Select(c => $"{c.Method} {string.Join('/', c.Path.Split('/')[^3..])}").ToList();
        Assert.Equal(new[] { "PUT NL/C22/T1", "PUT NL/C11/T2", "DELETE NL/C22/T1", "PUT NL/C11/T2", "PUT NL/C22/T3", "PUT NL/C11/T4" }.Order(), seen.Order());
        Assert.True(seen.IndexOf("PUT NL/C22/T1") < seen.IndexOf("DELETE NL/C22/T1"), string.Join(", ", seen));
        Assert.Equal("2026-11-02T10:00:00Z", JsonNode.Parse(changes.Last(c => c.Path.EndsWith("/T2", StringComparison.Ordinal)).Body)!["last_updated"]!.GetValue<string>());

        // The hub's copy: T1 gone, the others as last written.
        var store = net.Hub.Service<OcpiHub.Core.Data.IDataStore>();
        Assert.Null(await store.FindAsync(DataModule.Tariffs, c22, "T1"));
        Assert.NotNull(await store.FindAsync(DataModule.Tariffs, c22, "T3"));
        Assert.NotNull(await store.FindAsync(DataModule.Tariffs, c11, "T4"));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero), (await store.FindAsync(DataModule.Tariffs, c11, "T2"))!.LastUpdated);
    }
}
