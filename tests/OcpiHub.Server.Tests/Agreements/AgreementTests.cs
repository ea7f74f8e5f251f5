using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Onboarding;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Agreements;

/// <summary>
/// Roaming agreements: made, suspended and ended by the operator; each change reaches both parties as a
/// HubClientInfo PUT (2.2.1+) about the other; the HubClientInfo list pages; a silent partner goes OFFLINE.
/// </summary>
public class AgreementTests
{
    private static IReadOnlyList<JsonObject> ClientInfoPuts(SimulatedPartner partner) => partner.CheckedRequests()
        .Where(r => r.Method == "PUT" && r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal))
        .Select(r => JsonNode.Parse(r.Body)!.AsObject())
        .ToList();

    /// <summary>The ClientInfo PUTs <paramref name="partner"/> has received once there are <paramref name="count"/> (they are queued deliveries).</summary>
    private static Task<IReadOnlyList<JsonObject>> ClientInfoPutsAsync(SimulatedPartner partner, int count) =>
        Eventually.UntilAsync(() => ClientInfoPuts(partner), p => p.Count >= count, $"{count} ClientInfo PUTs");

    private static (string, string, string, string) Fields(JsonObject info) => (
        info["country_code"]!.GetValue<string>(), info["party_id"]!.GetValue<string>(),
        info["role"]!.GetValue<string>(), info["status"]!.GetValue<string>());

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Agreement_changes_reach_both_sides_as_client_info(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "EMA", "DE"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Hub);

        var agreement = await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*CPA", emsp = "DE*EMA" }, 201);
        Assert.Equal(("NL*CPA", "DE*EMA", "ACTIVE"), (agreement["cpo"]!.GetValue<string>(), agreement["emsp"]!.GetValue<string>(), agreement["status"]!.GetValue<string>()));
        var id = agreement["id"]!.GetValue<string>();

        Assert.Equal(("DE", "EMA", "EMSP", "CONNECTED"), Fields(Assert.Single(await ClientInfoPutsAsync(cpo, 1))));
        Assert.Equal(("NL", "CPA", "CPO", "CONNECTED"), Fields(Assert.Single(await ClientInfoPutsAsync(emsp, 1))));
        Assert.Contains(cpo.Requests, r => r.Path.EndsWith("/hubclientinfo/DE/EMA", StringComparison.Ordinal));
        // A configuration module: never routed, so its calls carry no routing headers.
        Assert.All(cpo.Requests.Concat(emsp.Requests).Where(r => r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal)),
            r => Assert.Equal((null, null), (r.Header("OCPI-from-party-id"), r.Header("OCPI-to-party-id"))));

        Assert.Equal("SUSPENDED", (await hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{id}/suspend"))["status"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", (await ClientInfoPutsAsync(cpo, 2))[^1]["status"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", (await ClientInfoPutsAsync(emsp, 2))[^1]["status"]!.GetValue<string>());

        Assert.Equal("ENDED", (await hub.AdminAsync(HttpMethod.Delete, $"admin/agreements/{id}"))["status"]!.GetValue<string>());
        Assert.Equal(3, (await ClientInfoPutsAsync(cpo, 3)).Count);
        Assert.Equal(3, (await ClientInfoPutsAsync(emsp, 3)).Count);
        Assert.Equal("ENDED", Assert.Single((await hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray())!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Agreements_need_known_parties_in_their_roles_and_are_not_duplicated(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "EMA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);

        Assert.Contains("not a known CPO", (await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*EMA", emsp = "NL*CPA" }, 400))["error"]!.GetValue<string>());
        Assert.Contains("not a known EMSP", (await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*CPA", emsp = "NL*XXX" }, 400))["error"]!.GetValue<string>());
        await hub.AgreeAsync("nl*cpa", "NL-EMA");
        Assert.Contains("already have agreement", (await hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = "NL*CPA", emsp = "NL*EMA" }, 409))["error"]!.GetValue<string>());
        // The 2.1.1 eMSP has no HubClientInfo; the 2.2.1 CPO hears of it.
        Assert.Single(await ClientInfoPutsAsync(cpo, 1));
        await Task.Delay(300);
        Assert.Single(ClientInfoPuts(cpo));
        Assert.Empty(ClientInfoPuts(emsp));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Agreements_asked_for_one_pair_at_once_make_one_and_the_others_are_conflicts(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        using var http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubUnderTest.AdminKey);

        // A double-click, a retried request: several at the same moment.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await http.PostAsync("admin/agreements", new StringContent("""{"cpo":"NL*CPA","emsp":"NL*EMA"}""", System.Text.Encoding.UTF8, "application/json"));
            return (int)response.StatusCode;
        }));

        Assert.Equal([201, 409, 409, 409, 409, 409], statuses.Order());
        Assert.Single((await hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_hub_client_info_list_pages_with_link_headers(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "CPA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emsps = new List<SimulatedPartner>();
        try
        {
            foreach (var partyId in new[] { "EM1", "EM2", "EM3" })
            {
                var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", partyId));
                emsps.Add(emsp);
                await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
                await hub.AgreeAsync("NL*CPA", $"NL*{partyId}");
            }

            var seen = new List<string>();
            var url = $"{hub.BaseUrl}/ocpi/2.3.0/hubclientinfo?limit=2";
            var pages = 0;
            while (url is not null)
            {
                using var response = await cpo.SendToHubAsync(HttpMethod.Get, url);
                var envelope = await Partners.EnvelopeAsync(response);
                Assert.Equal(1000, envelope["status_code"]!.GetValue<int>());
                Assert.Equal("100", response.Headers.GetValues("X-Limit").Single());
                Assert.False(response.Headers.Contains("X-Total-Count"));
                seen.AddRange(envelope["data"]!.AsArray().Select(i => i!["party_id"]!.GetValue<string>()));
                url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
                pages++;
            }

            Assert.Equal(2, pages);
            Assert.Equal(["EM1", "EM2", "EM3"], seen.Order());
        }
        finally
        {
            foreach (var emsp in emsps)
                await emsp.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_partner_slow_to_answer_a_probe_is_asked_by_one_node_only(StorageKind storage)
    {
        // Rounds every second, the probe's lease three of them: a probe held longer than that outlasts a lease not renewed.
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:ProbeAfterMinutes=0");
        await using var other = await hub.StartAnotherNodeAsync("--Hub:ProbeAfterMinutes=0", "--Hub:NodeId=node-b");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cpo.VersionsHeldUntil = release.Task;
        var before = VersionsAsked(cpo);

        await Eventually.UntilAsync(() => VersionsAsked(cpo), n => n > before, "a probe of the partner");
        await Task.Delay(TimeSpan.FromSeconds(8)); // well past a lease that is not renewed

        Assert.Equal(before + 1, VersionsAsked(cpo));
        release.SetResult();
    }

    private static int VersionsAsked(SimulatedPartner partner) => partner.Requests.Count(r => r.Path.EndsWith("/versions", StringComparison.Ordinal));

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_silent_partner_is_probed_and_reported_offline_then_connected(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:ProbeAfterMinutes=0");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emspPlatform = await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "NL*EMA");
        var monitor = hub.Service<ConnectionMonitor>();

        await emsp.DisposeAsync();
        await monitor.ProbeAsync((await hub.Service<IPlatformStore>().FindAsync(emspPlatform))!, CancellationToken.None);

        Assert.Equal("OFFLINE", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{emspPlatform}"))["status"]!.GetValue<string>());
        Assert.Equal(("NL", "EMA", "EMSP", "OFFLINE"), Fields((await ClientInfoPutsAsync(cpo, 2))[^1]));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_counterpart_gone_offline_is_found_by_a_poll_of_the_list_from_the_last_change_seen(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:ProbeAfterMinutes=0");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emspPlatform = await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "NL*EMA");
        var connected = Assert.Single(await ClientInfoListAsync(hub, cpo, null))!;
        var seenUpTo = connected["last_updated"]!.GetValue<DateTimeOffset>();

        await emsp.DisposeAsync();
        await hub.Service<ConnectionMonitor>().ProbeAsync((await hub.Service<IPlatformStore>().FindAsync(emspPlatform))!, CancellationToken.None);

        // A partner polling with date_from just after what it last saw finds the change (2.2.1 HubClientInfo GET).
        var offline = Assert.Single(await ClientInfoListAsync(hub, cpo, seenUpTo.AddMilliseconds(1)))!;
        Assert.Equal(("NL", "EMA", "EMSP", "OFFLINE"), Fields(offline.AsObject()));
        Assert.True(offline["last_updated"]!.GetValue<DateTimeOffset>() > seenUpTo);
    }

    private static async Task<JsonArray> ClientInfoListAsync(HubUnderTest hub, SimulatedPartner reader, DateTimeOffset? from)
    {
        var query = from is { } at ? "?date_from=" + Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)) : "";
        using var response = await reader.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/hubclientinfo{query}");
        return (await Partners.EnvelopeAsync(response))["data"]!.AsArray();
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_platform_back_from_offline_is_answered_while_a_hanging_counterpart_gets_its_client_info_later(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emspPlatform = await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "NL*EMA");
        await ClientInfoPutsAsync(cpo, 1);
        await hub.QueueEmptyAsync("the agreement's ClientInfo sent");

        // The eMSP went OFFLINE (its probe failed); the CPO now takes seconds to answer anything.
        var platforms = hub.Service<IPlatformStore>();
        await platforms.SaveAsync((await platforms.FindAsync(emspPlatform))! with { Status = PlatformStatus.Offline });
        cpo.ModuleResponseDelay = TimeSpan.FromSeconds(3);

        using var answer = await emsp.SendToHubAsync(HttpMethod.Get, $"{hub.BaseUrl}/ocpi/2.2.1/sender/locations");
        Assert.Equal(1000, (await Partners.EnvelopeAsync(answer))["status_code"]!.GetValue<int>());

        // Answered while the CPO's ClientInfo still waits (its catch-up, then in the queue or in the CPO's hands), not
        // before it: the CPO takes 3 s to take it, longer than it may take to be queued.
        var pending = await Eventually.UntilAsync(async () => (await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=pending")).AsArray()
            .Select(d => (d!["module"]!.GetValue<string>(), d["receiver"]!.GetValue<string>(), d["owner"]!.GetValue<string>())).ToList(),
            p => p.Count > 0, "the CPO's ClientInfo queued", timeoutMs: 2_000);
        Assert.Equal(("hubclientinfo", "NL*CPA", "NL*EMA"), pending.Single());
        Assert.Equal("CONNECTED", (await hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{emspPlatform}"))["status"]!.GetValue<string>());

        var received = await Eventually.UntilAsync(() => cpo.ClientInfos, infos => infos.Count == 1 && infos[0].Status!.Value.Value == "CONNECTED"
            && cpo.Requests.Count(r => r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal)) == 2, "the CPO's ClientInfo of the returning eMSP");
        Assert.Equal("EMA", received[0].PartyId);
        await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=done"), d => d.AsArray().Count(x => x!["module"]!.GetValue<string>() == "hubclientinfo") == 3,
            "every ClientInfo delivered");
    }
}
