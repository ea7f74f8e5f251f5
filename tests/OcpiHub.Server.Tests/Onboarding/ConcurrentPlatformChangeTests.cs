using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// The hub changes a platform after asking its partner something (a probe of its versions, a credentials PUT), which
/// can take seconds. What the operator did to the platform meanwhile stays done: a changed setting is kept, a removed
/// platform stays removed.
/// </summary>
public class ConcurrentPlatformChangeTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_probe_keeps_a_setting_the_operator_changed_while_the_partner_was_asked(StorageKind storage)
    {
        await using var net = await OfflinePartnerAsync(storage);

        await net.WhileVersionsHeldAsync(net.ProbeAsync, () => net.Hub.AdminAsync(HttpMethod.Patch, net.PlatformPath, new { settings = new { pull_limit = 500 } }));

        var shown = await net.Hub.AdminAsync(HttpMethod.Get, net.PlatformPath);
        Assert.Equal(("CONNECTED", 500), (shown["status"]!.GetValue<string>(), shown["settings"]!["pull_limit"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_probe_does_not_bring_back_a_platform_the_operator_removed_while_the_partner_was_asked(StorageKind storage)
    {
        await using var net = await OfflinePartnerAsync(storage);

        await net.WhileVersionsHeldAsync(net.ProbeAsync, () => net.Hub.AdminAsync(HttpMethod.Delete, net.PlatformPath, expectedStatus: 204));

        await AssertRemovedAsync(net);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_credentials_update_keeps_a_setting_the_operator_changed_while_the_partner_was_asked(StorageKind storage)
    {
        await using var net = await ConnectedPartnerAsync(storage);

        await net.WhileVersionsHeldAsync(() => net.Partner.UpdateCredentialsAsync(),
            () => net.Hub.AdminAsync(HttpMethod.Patch, net.PlatformPath, new { settings = new { pull_limit = 500 } }));

        var shown = await net.Hub.AdminAsync(HttpMethod.Get, net.PlatformPath);
        Assert.Equal(("CONNECTED", 500), (shown["status"]!.GetValue<string>(), shown["settings"]!["pull_limit"]!.GetValue<int>()));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await net.Partner.SendToHubAsync(HttpMethod.Get, net.Hub.VersionsUrl)).StatusCode);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_credentials_update_does_not_bring_back_a_platform_the_operator_removed_while_the_partner_was_asked(StorageKind storage)
    {
        await using var net = await ConnectedPartnerAsync(storage);
        JsonObject? answer = null;

        await net.WhileVersionsHeldAsync(async () => answer = await net.Partner.UpdateCredentialsAsync(),
            () => net.Hub.AdminAsync(HttpMethod.Delete, net.PlatformPath, expectedStatus: 204));

        Assert.Equal(2000, answer!["status_code"]!.GetValue<int>());
        Assert.Contains("removed", answer["status_message"]!.GetValue<string>());
        await AssertRemovedAsync(net);
    }

    private static async Task AssertRemovedAsync(OnePartner net)
    {
        await net.Hub.AdminAsync(HttpMethod.Get, net.PlatformPath, expectedStatus: 404);
        // Its party is free to connect through another platform.
        Assert.Null(await net.Hub.Service<IPlatformStore>().FindByPartyAsync(new PartyKey("NL", "CPA")));
    }

    private static async Task<OnePartner> ConnectedPartnerAsync(StorageKind storage)
    {
        var hub = await HubUnderTest.StartAsync(storage);
        var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        return new(hub, partner, await Partners.ConnectAsync(hub, partner, Initiator.Partner));
    }

    /// <summary>A partner the last probe found OFFLINE: the next probe, answered, changes its status.</summary>
    private static async Task<OnePartner> OfflinePartnerAsync(StorageKind storage)
    {
        var net = await ConnectedPartnerAsync(storage);
        var platforms = net.Hub.Service<IPlatformStore>();
        await platforms.SaveAsync((await platforms.FindAsync(net.PlatformId))! with { Status = PlatformStatus.Offline });
        return net;
    }

    private sealed record OnePartner(HubUnderTest Hub, SimulatedPartner Partner, string PlatformId) : IAsyncDisposable
    {
        public string PlatformPath => $"admin/platforms/{PlatformId}";

        public async Task ProbeAsync() =>
            await Hub.Service<ConnectionMonitor>().ProbeAsync((await Hub.Service<IPlatformStore>().FindAsync(PlatformId))!, CancellationToken.None);

        /// <summary>Starts <paramref name="call"/>, does <paramref name="meanwhile"/> once the partner is asked its versions, then lets it answer.</summary>
        public async Task WhileVersionsHeldAsync(Func<Task> call, Func<Task> meanwhile)
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Partner.VersionsHeldUntil = release.Task;
            var asked = Partner.Requests.Count;
            var running = call();
            await Eventually.UntilAsync(() => Partner.Requests.Skip(asked).Any(r => r.Path.EndsWith("/versions", StringComparison.Ordinal)), asked => asked,
                "the partner asked its versions");
            await meanwhile();
            release.SetResult();
            await running;
        }

        public async ValueTask DisposeAsync()
        {
            await Partner.DisposeAsync();
            await Hub.DisposeAsync();
        }
    }
}
