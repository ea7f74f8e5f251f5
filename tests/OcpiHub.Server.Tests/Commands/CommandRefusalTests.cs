using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// What the hub refuses about commands, each with its OCPI error and nothing forwarded or relayed; and the TIMEOUT the
/// hub gives an eMSP whose CPO never posts a result. On SQLite and PostgreSQL.
/// </summary>
public sealed class CommandRefusalTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Commands_the_hub_cannot_route_are_refused_and_reach_no_cpo(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);

        // Another eMSP's token; a Location only a CPO without agreement has; a Location two agreed CPOs have; an unknown session.
        await RefusedAsync(net, emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, Url(emsp), emsp, cpo, tokenOwner: "DE*E30"), 2001, "DE*E30");
        await RefusedAsync(net, emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, Url(emsp), emsp, net.Outsider), 2003, "unknown location");
        await RefusedAsync(net, emsp, "UNLOCK_CONNECTOR", CommandJson.Body("UNLOCK_CONNECTOR", OcpiVersion.V221, Url(emsp), emsp, cpo, locationId: "SHARED"), 2001, "OCPI-to");
        await RefusedAsync(net, emsp, "STOP_SESSION", $$"""{"response_url":"{{Url(emsp)}}","session_id":"S-NONE"}""", 2001, "unknown session");
        Assert.Equal(0, net.CommandCount);

        // Addressed with OCPI-to, the shared Location's command goes to the CPO named.
        var (_, addressed) = await net.SendCommandAsync(emsp, "UNLOCK_CONNECTOR",
            CommandJson.Body("UNLOCK_CONNECTOR", OcpiVersion.V221, Url(emsp), emsp, cpo, locationId: "SHARED"), Guid.NewGuid().ToString(),
            ("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "C22"));
        Assert.Equal(1000, addressed["status_code"]!.GetValue<int>());
        Assert.Single(CommandsAt(cpo));
        Assert.Equal(1, net.CommandCount);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Another_emsps_session_or_reservation_is_unknown_to_the_sender_also_when_addressed_to_its_cpo(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (sender, owner, cpo) = (net.Emsps[1], net.Emsps[2], net.Cpos[1]);
        var (_, reserved) = await net.SendCommandAsync(owner, "RESERVE_NOW", CommandJson.Body("RESERVE_NOW", OcpiVersion.V230, Url(owner), owner, cpo),
            Guid.NewGuid().ToString());
        Assert.Equal("ACCEPTED", reserved["data"]!["result"]!.GetValue<string>());
        var forwarded = net.CommandCount;

        // The owner's session at the 2.1.1 CPO too: it gets no routing headers and could not tell who asks.
        foreach (var holder in new[] { net.Cpos[0], cpo })
        {
            await RefusedAsync(net, sender, "STOP_SESSION", CommandJson.Body("STOP_SESSION", OcpiVersion.V221, Url(sender), owner, holder), 2001,
                "unknown session", To(holder));
        }
        await RefusedAsync(net, sender, "CANCEL_RESERVATION", CommandJson.Body("CANCEL_RESERVATION", OcpiVersion.V221, Url(sender), owner, cpo), 2001,
            "unknown reservation", To(cpo));
        Assert.Equal(forwarded, net.CommandCount);

        // Addressed the same way, the owner's own go through.
        foreach (var command in new[] { "STOP_SESSION", "CANCEL_RESERVATION" })
        {
            var (_, answer) = await net.SendCommandAsync(owner, command, CommandJson.Body(command, OcpiVersion.V230, Url(owner), owner, cpo),
                Guid.NewGuid().ToString(), To(cpo));
            Assert.True(answer["status_code"]!.GetValue<int>() == 1000, $"{command}: {answer}");
        }
        Assert.Equal(forwarded + 2, net.CommandCount);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_session_of_a_token_the_hub_could_not_place_is_nobodys_to_stop_and_hides_no_senders_own(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, own, other) = (net.Emsps[1], net.Cpos[1], net.Cpos[0]);
        // At the 2.1.1 CPO, sessions whose auth_id the hub could not place: one of its own id, one with the id of the eMSP's session at the other CPO.
        await net.StoreSessionAsync(other, "S-UNPLACED", emsp: null);
        await net.StoreSessionAsync(other, SessionOf(own, emsp), emsp: null);

        await RefusedAsync(net, emsp, "STOP_SESSION", $$"""{"response_url":"{{Url(emsp)}}","session_id":"S-UNPLACED"}""", 2001, "unknown session");
        Assert.Equal(0, net.CommandCount);

        var (_, answer) = await net.SendCommandAsync(emsp, "STOP_SESSION", CommandJson.Body("STOP_SESSION", OcpiVersion.V221, Url(emsp), emsp, own),
            Guid.NewGuid().ToString());
        Assert.True(answer["status_code"]!.GetValue<int>() == 1000, $"{answer}");
        Assert.Single(CommandsAt(own));
        Assert.Equal(1, net.CommandCount);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_emsp_whose_cpo_is_removed_while_its_command_awaits_a_result_still_gets_timeout(StorageKind storage)
    {
        await using var net = await StartAsync(storage, QuickResultTimeouts);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        NeverPostsResults(cpo);
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);
        var (_, answer) = await net.SendCommandAsync(emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());

        await net.Hub.AdminAsync(HttpMethod.Delete, $"admin/platforms/{await Sync.SyncAdmin.PlatformAsync(net.Hub, Key(cpo).PartyId)}", expectedStatus: 204);

        var results = await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the hub's TIMEOUT");
        Assert.Equal("TIMEOUT", JsonNode.Parse(Assert.Single(results).Body)!["result"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Without_a_result_the_emsp_gets_timeout_and_only_the_cpo_may_post_a_result_once(StorageKind storage)
    {
        await using var net = await StartAsync(storage, QuickResultTimeouts);
        var (emsp, cpo) = (net.Emsps[2], net.Cpos[1]);
        NeverPostsResults(cpo);
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);

        var (_, answer) = await net.SendCommandAsync(emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V230, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());
        var hubUrl = JsonNode.Parse(Assert.Single(CommandsAt(cpo)).Body)!["response_url"]!.GetValue<string>();

        // Another party's result, and one to an id the hub never gave, are refused.
        var stray = await net.Outsider.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");
        Assert.Equal((200, 2000), (stray.HttpStatus, Status(stray)));
        var unknown = await cpo.PostCommandResultAsync(hubUrl[..hubUrl.LastIndexOf('/')] + "/0123456789abcdef0123456789abcdef", """{"result":"ACCEPTED"}""");
        Assert.Equal((404, 2001), (unknown.HttpStatus, Status(unknown)));

        var results = await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the hub's TIMEOUT");
        Assert.Equal("TIMEOUT", JsonNode.Parse(Assert.Single(results).Body)!["result"]!.GetValue<string>());
        Assert.Equal(new Uri(responseUrl).AbsolutePath, results[0].Path);

        // The CPO's late result finds the id used.
        var late = await cpo.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");
        Assert.Equal((200, 2001), (late.HttpStatus, Status(late)));
        var state = await net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}");
        Assert.Equal(("TIMED_OUT", "TIMEOUT"), (state[0]!["state"]!.GetValue<string>(), state[0]!["result"]!.GetValue<string>()));
        await Task.Delay(300);
        Assert.Single(emsp.CommandResults);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cpo_cancels_a_reservation_it_accepted_through_the_same_response_url_once(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[2], net.Cpos[1]);
        NeverPostsResults(cpo);
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("RESERVE_NOW", correlationId);
        await net.SendCommandAsync(emsp, "RESERVE_NOW", CommandJson.Body("RESERVE_NOW", OcpiVersion.V230, responseUrl, emsp, cpo), correlationId);
        var hubUrl = JsonNode.Parse(Assert.Single(CommandsAt(cpo)).Body)!["response_url"]!.GetValue<string>();

        // Only a cancellation may follow the accepted result: not another result, and not twice.
        var accepted = await cpo.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");
        var rejected = await cpo.PostCommandResultAsync(hubUrl, """{"result":"REJECTED"}""");
        var canceled = await cpo.PostCommandResultAsync(hubUrl, """{"result":"CANCELED_RESERVATION"}""");
        var again = await cpo.PostCommandResultAsync(hubUrl, """{"result":"CANCELED_RESERVATION"}""");

        Assert.Equal([1000, 2001, 1000, 2001], new[] { accepted, rejected, canceled, again }.Select(Status));
        var results = await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count >= 2, "the result and the cancellation at the eMSP");
        Assert.Equal(["ACCEPTED", "CANCELED_RESERVATION"], results.Select(r => JsonNode.Parse(r.Body)!["result"]!.GetValue<string>()));
        Assert.All(results, r => Assert.Equal(new Uri(responseUrl).AbsolutePath, r.Path));
        var state = await net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}");
        Assert.Equal("CANCELED_RESERVATION", state[0]!["result"]!.GetValue<string>());
        await Task.Delay(300);
        Assert.Equal(2, emsp.CommandResults.Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_same_reservation_id_at_two_cpos_is_two_reservations_and_its_cancellation_goes_to_the_cpo_named_or_the_latest(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, first, second) = (net.Emsps[1], net.Cpos[1], net.Cpos[2]);
        // A reservation id is unique between one eMSP and one CPO (OCPI 2.2.1, Commands): RES-1 at each is another reservation.
        foreach (var cpo in new[] { first, second })
            await ReserveAsync(net, emsp, cpo, "RES-1", DateTimeOffset.UtcNow.AddDays(1));
        var forwarded = net.CommandCount;

        // Named, each CPO gets the cancellation of its own; not named, the most recent reservation is meant.
        foreach (var (cpo, headers) in new[] { (first, To(first)), (second, To(second)), (second, []) })
            await CancelAsync(net, emsp, cpo, "RES-1", headers);
        Assert.Equal(forwarded + 3, net.CommandCount);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_reservation_id_reused_at_another_cpo_once_the_first_expired_or_was_cancelled_is_cancelled_there_unaddressed(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, first, second) = (net.Emsps[1], net.Cpos[1], net.Cpos[2]);
        var expiry = DateTimeOffset.UtcNow.AddSeconds(2);
        await ReserveAsync(net, emsp, first, "RES-EXPIRED", expiry);
        await ReserveAsync(net, emsp, first, "RES-CANCELLED", DateTimeOffset.UtcNow.AddDays(1));
        var correlationId = await CancelAsync(net, emsp, first, "RES-CANCELLED", []);
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}"),
            state => state[0]?["result"]?.GetValue<string>() == "ACCEPTED", "the CPO's result of the cancellation");
        await Task.Delay(expiry - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        // Both ids reused at the second CPO: the first's are over, so the second's are cancelled without OCPI-to.
        foreach (var id in new[] { "RES-EXPIRED", "RES-CANCELLED" })
        {
            await ReserveAsync(net, emsp, second, id, DateTimeOffset.UtcNow.AddDays(1));
            await CancelAsync(net, emsp, second, id, []);
        }
        // Cancelled there too, neither id names a running reservation any more (the first CPO's are over).
        await Eventually.UntilAsync(() => second.Commands.Posted.Count(p => p.Envelope?["status_code"]?.GetValue<int>() == 1000), n => n >= 4,
            "the second CPO's results");
        foreach (var id in new[] { "RES-EXPIRED", "RES-CANCELLED" })
            await RefusedAsync(net, emsp, "CANCEL_RESERVATION", CancelBody(emsp, id), 2001, "unknown reservation");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Ended_reservations_and_their_numbers_go_after_their_retention_while_running_ones_stay_cancellable(StorageKind storage)
    {
        // A retention of one second; the hub's hourly job is run here once the ended reservations are past it.
        await using var net = await StartAsync(storage, $"--Hub:ReservationRetentionDays={1.0 / 86_400}");
        var (emsp, old, current) = (net.Emsps[1], net.Cpos[0], net.Cpos[1]);
        var expiry = DateTimeOffset.UtcNow.AddSeconds(1);
        // At the 2.1.1 CPO the hub numbers them: 1 for the one that expires, 2 for the one that runs on.
        await ReserveAsync(net, emsp, old, "RES-EXPIRED", expiry);
        await ReserveAsync(net, emsp, old, "RES-RUNNING", DateTimeOffset.UtcNow.AddDays(1));
        await ReserveAsync(net, emsp, current, "RES-EXPIRED", expiry);
        await ReserveAsync(net, emsp, current, "RES-CANCELLED", DateTimeOffset.UtcNow.AddDays(1));
        await ReserveAsync(net, emsp, current, "RES-RUNNING", DateTimeOffset.UtcNow.AddDays(1));
        var correlationId = await CancelAsync(net, emsp, current, "RES-CANCELLED", []);
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}"),
            state => state[0]?["result"]?.GetValue<string>() == "ACCEPTED", "the CPO's result of the cancellation");
        // Past the retention of the last to end: the expired ones, or the cancelled one when the set-up took longer.
        var lastEnded = new[] { expiry, DateTimeOffset.UtcNow }.Max();
        await Task.Delay(lastEnded + TimeSpan.FromSeconds(1.5) - DateTimeOffset.UtcNow);

        var deleted = await net.Hub.Service<ReservationRetention>().PurgeAsync(CancellationToken.None);

        var database = net.Hub.Service<HubDatabase>();
        Assert.Equal(3, deleted);
        Assert.Equal(2, await database.CountAsync("SELECT COUNT(*) FROM command_reservations WHERE reservation_key = 'RES-RUNNING'"));
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM command_reservations WHERE reservation_key <> 'RES-RUNNING'"));
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM reservation_numbers WHERE reservation_key = 'RES-RUNNING' AND number = 2"));
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM reservation_numbers"));
        // The running reservation's cancellation still finds its CPO, unaddressed.
        await CancelAsync(net, emsp, current, "RES-RUNNING", []);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_reservation_whose_cancellation_the_charge_point_refused_runs_on_and_can_be_cancelled_again(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        await ReserveAsync(net, emsp, cpo, "RES-HELD", DateTimeOffset.UtcNow.AddDays(1));
        // The CPO takes the cancellation (its answer ACCEPTED), but the charge point refuses it: the reservation still runs.
        cpo.Commands.Outcome = new CommandOutcome { Result = "REJECTED" };
        var refused = await CancelAsync(net, emsp, cpo, "RES-HELD", []);
        await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={refused}"),
            state => state[0]?["result"]?.GetValue<string>() == "REJECTED", "the charge point's refusal of the cancellation");

        // Only a cancellation whose result is ACCEPTED ends it: the eMSP can try again, unaddressed.
        cpo.Commands.Outcome = new CommandOutcome();
        await CancelAsync(net, emsp, cpo, "RES-HELD", []);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_reservation_its_cpo_cancelled_is_over_its_cancellation_reaches_no_cpo_and_it_goes_after_its_retention(StorageKind storage)
    {
        // A retention of one second; the hub's hourly job is run here once the cancellations are past it.
        await using var net = await StartAsync(storage, $"--Hub:ReservationRetentionDays={1.0 / 86_400}");
        var emsp = net.Emsps[1];
        // At the 2.2.1 and the 2.3.0 CPO: a CommandResult CANCELED_RESERVATION to the RESERVE_NOW's response URL.
        foreach (var cpo in new[] { net.Cpos[1], net.Cpos[2] })
        {
            var correlationId = await ReserveAsync(net, emsp, cpo, "RES-ENDED", DateTimeOffset.UtcNow.AddDays(1));
            var hubUrl = JsonNode.Parse(CommandsAt(cpo)[^1].Body)!["response_url"]!.GetValue<string>();
            await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}"),
                state => state[0]?["result"]?.GetValue<string>() == "ACCEPTED", "the CPO's result of the reservation");
            Assert.Equal(1000, Status(await cpo.PostCommandResultAsync(hubUrl, """{"result":"CANCELED_RESERVATION"}""")));
        }
        var forwarded = net.CommandCount;

        // No CPO holds it any more: the eMSP's cancellation is refused as of an unknown reservation, named or not.
        await RefusedAsync(net, emsp, "CANCEL_RESERVATION", CancelBody(emsp, "RES-ENDED"), 2001, "unknown reservation");
        await RefusedAsync(net, emsp, "CANCEL_RESERVATION", CancelBody(emsp, "RES-ENDED"), 2001, "unknown reservation", To(net.Cpos[2]));
        Assert.Equal(forwarded, net.CommandCount);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(2, await net.Hub.Service<ReservationRetention>().PurgeAsync(CancellationToken.None));
        Assert.Equal(0, await net.Hub.Service<HubDatabase>().CountAsync("SELECT COUNT(*) FROM command_reservations"));
    }

    /// <summary>A RESERVE_NOW the CPO accepted; its correlation id.</summary>
    private static async Task<string> ReserveAsync(CommandNetwork net, SimulatedPartner emsp, SimulatedPartner cpo, string id, DateTimeOffset expiry)
    {
        var location = LocationOf(cpo);
        var correlationId = Guid.NewGuid().ToString();
        var (_, reserved) = await net.SendCommandAsync(emsp, "RESERVE_NOW", $$"""
            {"response_url":"{{Url(emsp)}}","token":{{TokenJson.Token(OcpiVersion.V221, "DE", "E22", "U1")}},"expiry_date":"{{expiry.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}",
             "reservation_id":"{{id}}","location_id":"{{location}}","evse_uid":"{{location}}-E1"}
            """, correlationId);
        Assert.True(reserved["data"]?["result"]?.GetValue<string>() == "ACCEPTED", $"{reserved}");
        return correlationId;
    }

    /// <summary>A CANCEL_RESERVATION the hub forwards to <paramref name="cpo"/>; its correlation id.</summary>
    private static async Task<string> CancelAsync(CommandNetwork net, SimulatedPartner emsp, SimulatedPartner cpo, string id, (string, string)[] headers)
    {
        var correlationId = Guid.NewGuid().ToString();
        var (_, answer) = await net.SendCommandAsync(emsp, "CANCEL_RESERVATION", CancelBody(emsp, id), correlationId, headers);
        Assert.True(answer["status_code"]!.GetValue<int>() == 1000, $"{id} at {Key(cpo)}: {answer}");
        var sent = CommandsAt(cpo)[^1];
        Assert.EndsWith("/CANCEL_RESERVATION", sent.Path);
        Assert.Equal(id, JsonNode.Parse(sent.Body)!["reservation_id"]!.GetValue<string>());
        return correlationId;
    }

    private static string CancelBody(SimulatedPartner emsp, string id) => $$"""{"response_url":"{{Url(emsp)}}","reservation_id":"{{id}}"}""";

    private static async Task RefusedAsync(CommandNetwork net, SimulatedPartner emsp, string command, string body, int status, string reasonNames,
        params (string Name, string Value)[] headers)
    {
        var (response, envelope) = await net.SendCommandAsync(emsp, command, body, Guid.NewGuid().ToString(), headers);
        Assert.True(envelope["status_code"]!.GetValue<int>() == status, $"{command}: {envelope}");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains(reasonNames, envelope["status_message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    private static (string, string)[] To(SimulatedPartner cpo) => [("OCPI-to-country-code", Key(cpo).CountryCode), ("OCPI-to-party-id", Key(cpo).PartyId)];

    private static string Url(SimulatedPartner emsp) => emsp.ResponseUrl("X", Guid.NewGuid().ToString());

    private static int? Status(PostedResult result) => result.Envelope?["status_code"]?.GetValue<int>();
}
