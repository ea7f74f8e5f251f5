using System.Security.Cryptography;
using System.Text.Json;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Data;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// Nodes that share nothing but the database and one secrets file (<c>Hub:SecretsFile</c>): a partner registered
/// through one node is served by the other (it opens the partner's token with the same key); a node with another
/// key is refused at start, naming the setting; a rotation (new key, old one kept as previous) seals every token
/// again, after which a node with only the old key is refused.
/// </summary>
public sealed class SharedSecretsTests
{
    private static string SecretsFile(string folder, string tokenKey, params string[] previous)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"secrets-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { TokenKey = tokenKey, PreviousTokenKeys = previous }));
        return $"--Hub:SecretsFile={path}";
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task PushLocationAsync(IHub node, SimulatedPartner cpo, string id)
    {
        using var response = await cpo.SendToHubAsync(HttpMethod.Put, $"{node.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/{id}",
            LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<IReadOnlyList<RecordedRequest>> ReceivedAsync(SimulatedPartner emsp, string id) =>
        Eventually.UntilAsync(() => (IReadOnlyList<RecordedRequest>)emsp.CheckedRequests().Where(r => r.Path.EndsWith("/locations/NL/CPA/" + id, StringComparison.Ordinal)).ToList(),
            r => r.Count > 0, $"Location {id} at the eMSP", 20_000);

    [Fact]
    public async Task A_partner_registered_through_one_node_is_served_by_another_with_the_same_secrets_file()
    {
        await using var first = await HubProcess.CreateAsync(StorageKind.PostgreSql);
        var secrets = SecretsFile(first.DataFolder, NewKey());
        await first.StartAsync(secrets);
        await using var second = first.AnotherNode();
        await second.StartAsync(secrets);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];

        // Only the second node is left: what it sends the eMSP, it sends with the token the first node sealed.
        first.Kill();
        await PushLocationAsync(second, cpo, "L1");

        Assert.Single(await ReceivedAsync(emsp, "L1"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_node_with_another_token_key_is_refused_and_a_rotation_seals_every_token_under_the_new_key(StorageKind storage)
    {
        await using var first = await HubProcess.CreateAsync(storage);
        var (oldKey, newKey) = (NewKey(), NewKey());
        await first.StartAsync(SecretsFile(first.DataFolder, oldKey));
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        first.Kill();

        await using var stranger = first.AnotherNode();
        var refused = await stranger.StartRefusedAsync(SecretsFile(first.DataFolder, NewKey()));
        Assert.Contains("Hub:SecretsFile", refused, StringComparison.Ordinal);

        // The rotation: the new key, the old one as previous. The tokens are sealed again and the eMSP still served.
        await using var rotated = first.AnotherNode();
        await rotated.StartAsync(SecretsFile(first.DataFolder, newKey, oldKey));
        await PushLocationAsync(rotated, cpo, "L2");
        Assert.Single(await ReceivedAsync(emsp, "L2"));
        rotated.Kill();

        await using var behind = first.AnotherNode();
        Assert.Contains("Hub:SecretsFile", await behind.StartRefusedAsync(SecretsFile(first.DataFolder, oldKey)), StringComparison.Ordinal);
        await using var rotatedOnly = first.AnotherNode();
        await rotatedOnly.StartAsync(SecretsFile(first.DataFolder, newKey));
        await PushLocationAsync(rotatedOnly, cpo, "L3");
        Assert.Single(await ReceivedAsync(emsp, "L3"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_token_a_node_not_yet_restarted_sealed_under_the_old_key_outlives_the_old_key(StorageKind storage)
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        await using var a = await HubProcess.CreateAsync(storage);
        string Secrets(string key, params string[] previous) => SecretsFile(a.DataFolder, key, previous);
        // The rotation's first step is done: both nodes hold the new key as a previous one.
        await a.StartAsync(Secrets(oldKey, newKey));
        await using var b = a.AnotherNode();
        await b.StartAsync(Secrets(oldKey, newKey));
        // The swap: node a restarts on the new key; node b, not yet restarted, registers the partners under the old one.
        a.Kill();
        await a.StartAsync(Secrets(newKey, oldKey));
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(b, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        b.Kill();
        await b.StartAsync(Secrets(newKey, oldKey));
        a.Kill();
        b.Kill();

        // The old key dropped everywhere: the eMSP registered through b is still served.
        await using var c = a.AnotherNode();
        await c.StartAsync(Secrets(newKey));
        await PushLocationAsync(c, cpo, "L1");
        Assert.Single(await ReceivedAsync(emsp, "L1"));
    }
}
