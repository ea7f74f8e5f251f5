using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// A delivery queued for a party goes to the platform that carries the party when it is sent: after the party's
/// platform dropped it from its credentials and another platform registered carrying it, what was queued for it (a
/// CDR included) reaches it there, and never the platform that no longer speaks for it.
/// </summary>
public sealed class MovedReceiverTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cdr_queued_for_a_party_that_moved_platform_reaches_it_on_its_new_platform(StorageKind storage)
    {
        var (stays, moves) = (Partners.Party("EMSP", "EA1", "DE"), Partners.Party("EMSP", "EA2", "DE"));
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.5");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var first = await SimulatedPartner.StartAsync(new PartnerOptions { Version = OcpiVersion.V221, Parties = [stays, moves] });
        // The first platform is down when the CDR comes; meanwhile it drops EA2, and EA2 registers through a second platform.
        await CdrWhileDownAsync(hub, cpo, first);
        first.Carry(stays);
        await first.UpdateCredentialsAsync();
        await using var second = await Partners.StartAsync(OcpiVersion.V221, moves);
        await Partners.ConnectAsync(hub, second, Initiator.Partner);
        var failedAttempts = Cdrs(first).Count;
        first.ModuleResponder = null;

        var received = await Eventually.UntilAsync(() => Cdrs(second), r => r.Count >= 1, "the CDR at EA2's new platform");
        Assert.Equal("/ocpi/2.2.1/cdrs", Assert.Single(received).Path);
        await hub.QueueEmptyAsync("nothing left to send");
        Assert.Equal(failedAttempts, Cdrs(first).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cdr_queued_for_an_emsp_that_unregistered_reaches_it_when_it_registers_again(StorageKind storage)
    {
        var party = Partners.Party("EMSP", "EA2", "DE");
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=0.5");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var first = await Partners.StartAsync(OcpiVersion.V221, party);
        // The eMSP is down when the CDR comes, unregisters, and registers again through a new server.
        await CdrWhileDownAsync(hub, cpo, first);
        await first.UnregisterAsync();
        // Tried while no platform carries the eMSP: kept, not given up.
        await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=failed"),
            list => list.AsArray().Any(d => d!["last_error"]?.GetValue<string>() is { } e && e.Contains("no longer registered", StringComparison.Ordinal)),
            "an attempt while the eMSP is unregistered");
        await using var again = await Partners.StartAsync(OcpiVersion.V221, party);
        await Partners.ConnectAsync(hub, again, Initiator.Partner);

        var received = await Eventually.UntilAsync(() => Cdrs(again), r => r.Count >= 1, "the CDR at the eMSP registered again");
        Assert.Equal("/ocpi/2.2.1/cdrs", Assert.Single(received).Path);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_session_change_moved_to_the_new_platform_goes_as_the_session_now_after_the_newer_ones_sent_there(StorageKind storage)
    {
        var (stays, moves) = (Partners.Party("EMSP", "EA1", "DE"), Partners.Party("EMSP", "EA2", "DE"));
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=2");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var first = await SimulatedPartner.StartAsync(new PartnerOptions { Version = OcpiVersion.V221, Parties = [stays, moves] });
        await PushedWhileDownAsync(hub, cpo, first, HttpMethod.Put, "sessions/NL/CPA/S1", ChargeJson.Session(OcpiVersion.V221, "CPA", "EA2", "S1", "LOC1"));
        first.Carry(stays);
        await first.UpdateCredentialsAsync();
        await using var second = await Partners.StartAsync(OcpiVersion.V221, moves);
        await Partners.ConnectAsync(hub, second, Initiator.Partner);

        // A newer change goes to the new platform at once, while the first waits for its next try at the old one.
        const string later = "2026-11-01T10:30:00Z";
        await PushAsync(hub, cpo, HttpMethod.Patch, "sessions/NL/CPA/S1", $$"""{"charging_periods":[{{ChargeJson.Period(later, 0.5m)}}],"last_updated":"{{later}}"}""");
        await hub.QueueEmptyAsync("both changes sent", 20_000);

        var sessions = second.Requests.Where(r => r.Path.Contains("/sessions/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["PATCH", "PUT"], sessions.Select(r => r.Method));
        Assert.Contains(later, JsonNode.Parse(sessions[^1].Body)!["charging_periods"]!.AsArray().Select(p => p!["start_date_time"]!.GetValue<string>()));
    }

    /// <summary>
    /// Connects <paramref name="cpo"/> and <paramref name="emsp"/> (agreed with its party EA2), then has the CPO push
    /// <paramref name="body"/> to <paramref name="path"/> (under its receiver interface) for EA2 while the eMSP answers
    /// 503, until the hub has tried it once.
    /// </summary>
    private static async Task PushedWhileDownAsync(HubUnderTest hub, SimulatedPartner cpo, SimulatedPartner emsp, HttpMethod method, string path, string body)
    {
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*CPA", "DE*EA2");
        await hub.QueueEmptyAsync("the agreement's ClientInfo sent");
        emsp.ModuleResponder = _ => new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down");
        await PushAsync(hub, cpo, method, path, body);
        await Eventually.UntilAsync(() => emsp.Requests.Count(r => r.Path.Contains(path.Split('/')[0], StringComparison.Ordinal)), n => n >= 1,
            "a failed attempt at the eMSP's platform");
    }

    private static async Task PushAsync(HubUnderTest hub, SimulatedPartner cpo, HttpMethod method, string path, string body)
    {
        using var pushed = await cpo.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/{path}", body);
        Assert.True(pushed.IsSuccessStatusCode, await pushed.Content.ReadAsStringAsync());
    }

    private static Task CdrWhileDownAsync(HubUnderTest hub, SimulatedPartner cpo, SimulatedPartner emsp) =>
        PushedWhileDownAsync(hub, cpo, emsp, HttpMethod.Post, "cdrs", ChargeJson.Cdr(OcpiVersion.V221, "CPA", "EA2", "CDR1", "LOC1"));

    private static IReadOnlyList<RecordedRequest> Cdrs(SimulatedPartner partner) =>
        [.. partner.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/cdrs", StringComparison.Ordinal))];
}
