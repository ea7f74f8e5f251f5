using System.Net;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// Each hub node holds platforms, parties, tokens, settings and agreements in memory; a change made through one node
/// is seen by every other within a second (PostgreSQL: a notification; SQLite: the shared version, read every
/// quarter of a second). The waits below are bounded by that second: a node that did not see the change by then fails.
/// </summary>
public class SeveralNodesStateTests
{
    private const int WithinASecond = 1_000;

    private static async Task PushAsync(IHub node, SimulatedPartner cpo, string id)
    {
        using var response = await cpo.SendToHubAsync(HttpMethod.Put, $"{node.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/{id}",
            LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static List<RecordedRequest> Puts(SimulatedPartner emsp, string id) =>
        emsp.CheckedRequests().Where(r => r.Method == "PUT" && r.Path.EndsWith($"/locations/NL/CPA/{id}", StringComparison.Ordinal)).ToList();

    /// <summary>A first page of Locations as <paramref name="emsp"/> reads it from <paramref name="node"/>.</summary>
    private static async Task<HttpResponseMessage> PageAsync(IHub node, SimulatedPartner emsp, string? token = null) =>
        await emsp.SendToHubAsync(HttpMethod.Get, $"{node.BaseUrl}/ocpi/2.2.1/sender/locations?limit=10", token: token);

    private static async Task<int> LocationsServedAsync(IHub node, SimulatedPartner emsp)
    {
        using var response = await PageAsync(node, emsp);
        return (await Partners.EnvelopeAsync(response))["data"]!.AsArray().Count;
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_agreement_suspended_through_one_node_stops_data_sent_through_the_other_within_a_second(StorageKind storage)
    {
        // Two hub processes on one database: nothing is shared between them but the database.
        var (first, second) = await HubProcess.StartTwoNodesAsync(storage);
        await using var _first = first;
        await using var _second = second;
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA", "EMB");
        await using var _ = cpo;
        await using var suspended = emsps[0];
        await using var kept = emsps[1];

        // The second node holds the agreements: what is pushed through it reaches both eMSPs, and both read it there.
        await PushAsync(second, cpo, "L1");
        await Eventually.UntilAsync(() => (Puts(suspended, "L1").Count, Puts(kept, "L1").Count), n => n == (1, 1), "L1 at both eMSPs");
        Assert.Equal(1, await LocationsServedAsync(second, suspended));

        var agreement = (await first.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray().Single(a => a!["emsp"]!.GetValue<string>() == "DE*EMA")!;
        await first.AdminAsync(HttpMethod.Post, $"admin/agreements/{agreement["id"]}/suspend");

        await Eventually.UntilAsync(() => LocationsServedAsync(second, suspended), n => n == 0,
            "the second node to stop serving the eMSP whose agreement the first suspended", WithinASecond);
        await PushAsync(second, cpo, "L2");
        await Eventually.UntilAsync(() => Puts(kept, "L2").Count, n => n == 1, "L2 at the eMSP whose agreement stands");
        await Task.Delay(300);
        Assert.Empty(Puts(suspended, "L2"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_settings_change_and_a_token_rotation_through_one_node_are_seen_by_the_other_within_a_second(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var second = await first.StartAnotherNodeAsync();
        await PushAsync(first, cpo, "L1");
        using (var page = await PageAsync(second, emsp))
            Assert.False(page.Headers.Contains("X-Total-Count"));

        // A setting changed through the first node: the second serves the eMSP by it.
        var platform = (await first.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
            .Single(p => p!["parties"]!.AsArray().Any(x => x!["party_id"]!.GetValue<string>() == "EMA"))!;
        await first.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform["id"]}", new { settings = new { total_count_header = true } });
        await Eventually.UntilAsync(async () =>
        {
            using var page = await PageAsync(second, emsp);
            return page.Headers.TryGetValues("X-Total-Count", out var count) ? count.Single() : null;
        }, count => count == "1", "X-Total-Count on the second node's page", WithinASecond);

        // The eMSP rotates its token through the first node (its versions URL): the second refuses the old token and
        // takes the new one, and calls the eMSP with the eMSP's new token.
        var oldToken = emsp.TokenToCallHub!;
        Assert.Equal(1000, (await emsp.UpdateCredentialsAsync())["status_code"]!.GetValue<int>());
        await Eventually.UntilAsync(async () =>
        {
            using var refused = await PageAsync(second, emsp, oldToken);
            return refused.StatusCode;
        }, status => status == HttpStatusCode.Unauthorized, "the second node to refuse the rotated token", WithinASecond);
        using (var page = await PageAsync(second, emsp))
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await PushAsync(second, cpo, "L2");
        var received = await Eventually.UntilAsync(() => Puts(emsp, "L2"), r => r.Count >= 1, "L2 at the eMSP");
        Assert.All(received, r => Assert.Contains(emsp.TokenToCallPartner!, Tokens.Candidates(r.Headers["Authorization"])));
    }
}
