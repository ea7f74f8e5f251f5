using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Protocol.OcpiVersion;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// Hostile requests against every OCPI endpoint the hub serves (every module and version, receiver and sender
/// interfaces, credentials, versions) and the admin API, one row each: each gets the status docs/routing.md gives
/// it (never a 500), and nothing is stored, delivered, forwarded or changed: the store's catalogue stays empty, the
/// delivery queue stays empty, no partner hears from the hub, platforms and agreements stay as they were.
/// </summary>
public class HostileInputTests
{
    /// <summary>The body limit of this test's hub: oversize rows need not be large.</summary>
    public const int BodyLimit = 256 * 1024;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Every_hostile_request_gets_its_documented_answer_and_changes_nothing(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage, $"--Hub:MaxRequestBodyBytes={BodyLimit}");
        var tokenA = (await net.Hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Pending" }, 201))["token_a"]!.GetValue<string>();
        var before = await StateAsync(net);
        var heardBefore = net.Members.ToDictionary(p => p, p => p.Requests.Count);

        var rows = HostileRows.All(net, tokenA).ToList();
        Assert.True(rows.Count >= 60, $"{rows.Count} rows");
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            using var response = await row.SendAsync(net.Hub.BaseUrl);
            if (await row.ProblemAsync(response) is { } problem)
                wrong.Add(problem);
            if (await StoredAsync(net) is > 0 and var stored)
                wrong.Add($"{row.Name}: {stored} objects stored");
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {rows.Count} rows:\n" + string.Join("\n", wrong));

        // Deliveries and forwards are asynchronous: give any that were wrongly queued time to show.
        await Task.Delay(500);
        Assert.Equal(before, await StateAsync(net));
        foreach (var partner in net.Members)
        {
            var heard = partner.Requests.Skip(heardBefore[partner]).Select(r => $"{r.Method} {r.Path}").ToList();
            Assert.True(heard.Count == 0, $"{partner.Options.Parties[0].PartyId} heard from the hub: {string.Join(", ", heard)}");
        }
    }

    private static async Task<int> StoredAsync(RoamingNetwork net) =>
        (await net.Hub.Service<IObjectCatalog>().CountAsync()).Sum(count => count.Objects);

    /// <summary>Platforms (without their last-seen times), agreements and every delivery, as the admin API shows them.</summary>
    private static async Task<string> StateAsync(RoamingNetwork net)
    {
        var platforms = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray();
        foreach (var platform in platforms)
            platform!.AsObject().Remove("last_seen_at");
        var agreements = await net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements");
        var deliveries = new JsonArray([.. (await net.Hub.AllDeliveriesAsync()).Select(d => d?.DeepClone())]);
        return new JsonArray(platforms.DeepClone(), agreements.DeepClone(), deliveries).ToJsonString();
    }
}
