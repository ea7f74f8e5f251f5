using System.Diagnostics;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Forwarding.AuthorizationNetwork;

namespace OcpiHub.Server.Tests.Forwarding;

/// <summary>
/// The authorization budget itself: a hanging eMSP is the hub's 4002 within it, unrelated traffic is answered while
/// authorizations hang, the budget runs from the CPO's request, and a slow storage read is cut short by it.
/// </summary>
[Collection(nameof(TimedTests))]
public class AuthorizationBudgetTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_hanging_emsp_is_4002_within_the_budget_and_an_unreachable_one_4003(StorageKind storage)
    {
        await using var network = await AuthorizationNetwork.StartAsync(storage, everyPair: false, "--Hub:Forwarding:AuthorizationTimeoutSeconds=0.5");
        var net = network.Net;
        net.Emsp221.Authorizations.Answer(TokenOf(net.Emsp221), new AuthorizationAnswer(Hang: true));
        var gone = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EGO", "DE"));
        await Partners.ConnectAsync(net.Hub, gone, Initiator.Partner);
        await net.AgreeAsync("NL*C22", "DE*EGO");
        await network.PushTokenAsync(gone);
        await gone.DisposeAsync();

        var clock = Stopwatch.StartNew();
        using var hanging = await network.AuthorizeAsync(net.Cpo221, TokenOf(net.Emsp221));
        var waited = clock.Elapsed;
        using var unreachable = await network.AuthorizeAsync(net.Cpo221, "TOK-EGO");

        Assert.Equal((200, 4002), ((await ReadAsync(hanging)).Http, (await ReadAsync(hanging)).Status));
        Assert.InRange(waited, TimeSpan.FromMilliseconds(450), TimeSpan.FromMilliseconds(500 + 200));
        Assert.Equal((200, 4003), ((await ReadAsync(unreachable)).Http, (await ReadAsync(unreachable)).Status));
        // The hub answered itself: FROM the hub.
        Assert.Equal("HUB", hanging.Headers.GetValues("OCPI-from-party-id").Single());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_holder_that_fails_to_answer_outranks_another_emsps_unknown_token_so_the_cpo_may_allow_offline(StorageKind storage)
    {
        await using var network = await AuthorizationNetwork.StartAsync(storage, everyPair: false, "--Hub:Forwarding:AuthorizationTimeoutSeconds=0.5",
            "--Hub:Authorization:BroadcastUnknownTokens=true");
        var net = network.Net;
        // Both hold CARD-S as far as the hub knows; E22 hangs, E30 no longer knows it.
        foreach (var (emsp, party) in new[] { (net.Emsp221, "E22"), (net.Emsp230, "E30") })
            await net.SendOkAsync(emsp, HttpMethod.Put, $"receiver/tokens/DE/{party}/CARD-S", TokenJson.Token(emsp.Options.Version, "DE", party, "CARD-S"));
        net.Emsp221.Authorizations.Answer("CARD-S", new AuthorizationAnswer(Hang: true));

        using var response = await network.AuthorizeAsync(net.Cpo221, "CARD-S");

        var (http, status, _) = await ReadAsync(response);
        Assert.True((http, status) == (200, 4002), await response.Content.ReadAsStringAsync());
        Assert.Single(Asked(net.Emsp230));

        // Broadcast to eMSPs none of which the hub knows to hold the token: "unknown" still says more than no answer.
        net.Emsp221.Authorizations.Answer("CARD-U", new AuthorizationAnswer(Hang: true));
        using var broadcast = await network.AuthorizeAsync(net.Cpo221, "CARD-U");
        Assert.Equal((404, 2004), ((await ReadAsync(broadcast)).Http, (await ReadAsync(broadcast)).Status));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Unrelated_traffic_is_answered_while_authorizations_hang(StorageKind storage)
    {
        await using var network = await AuthorizationNetwork.StartAsync(storage, everyPair: false, "--Hub:Forwarding:AuthorizationTimeoutSeconds=3");
        var net = network.Net;
        net.Emsp221.Authorizations.Answer(TokenOf(net.Emsp221), new AuthorizationAnswer(Hang: true));

        var hanging = Enumerable.Range(0, 20).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await network.AuthorizeAsync(net.Cpo221, TokenOf(net.Emsp221));
            return ((await ReadAsync(response)).Status, clock.Elapsed);
        }).ToList();
        await Eventually.UntilAsync(() => Asked(net.Emsp221), a => a.Count == 20, "20 hanging authorizations");

        using (var versions = await net.Cpo211.SendToHubAsync(HttpMethod.Get, net.Hub.VersionsUrl))
            Assert.True(versions.IsSuccessStatusCode);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC-X", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC-X"));
        Assert.All(hanging, h => Assert.False(h.IsCompleted, "an authorization ended before the unrelated requests were answered"));

        foreach (var (status, elapsed) in await Task.WhenAll(hanging))
        {
            Assert.Equal(4002, status);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(3.2));
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_budget_runs_from_the_cpos_request_so_an_emsp_answering_after_it_is_4002(StorageKind storage)
    {
        await using var network = await AuthorizationNetwork.StartAsync(storage, everyPair: false, "--Hub:Forwarding:AuthorizationTimeoutSeconds=1");
        var net = network.Net;
        // The eMSP answers in 0.3 s of the hub's call, but the CPO's request took 1.5 s to reach the hub whole (its body
        // came late): the CPO has waited longer than the budget before the eMSP could answer.
        net.Emsp221.Authorizations.Answer(TokenOf(net.Emsp221), new AuthorizationAnswer("ALLOWED", "TOO-LATE", Delay: TimeSpan.FromMilliseconds(300)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{net.Hub.BaseUrl}/ocpi/2.2.1/sender/tokens/{TokenOf(net.Emsp221)}/authorize?type=RFID")
        {
            Content = new LateBody(LocationReferences(OcpiVersion.V221), TimeSpan.FromSeconds(1.5)),
        };

        using var response = await net.Cpo221.SendToHubAsync(request);

        var (http, status, _) = await ReadAsync(response);
        Assert.True((http, status) == (200, 4002), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_storage_read_that_outlasts_the_budget_is_cut_short_and_the_cpo_answered_4002()
    {
        await using var network = await AuthorizationNetwork.StartAsync(StorageKind.PostgreSql, everyPair: false,
            "--Hub:Forwarding:AuthorizationTimeoutSeconds=1");
        var net = network.Net;
        HttpResponseMessage? response;
        // The token lookup waits for the stored objects, held by maintenance far longer than the budget.
        await using (await HeldTable.HoldAsync(net.Hub, "objects"))
        {
            var authorizing = network.AuthorizeAsync(net.Cpo221, TokenOf(net.Emsp221));
            response = await Task.WhenAny(authorizing, Task.Delay(TimeSpan.FromSeconds(15))) == authorizing ? await authorizing : null;
        }

        Assert.True(response is not null, "the CPO was answered only once the storage read ended");
        using (response)
        {
            var (http, status, _) = await ReadAsync(response);
            Assert.True((http, status) == (200, 4002), await response.Content.ReadAsStringAsync());
        }
        Assert.Empty(Asked(net.Emsp221));
    }
}
