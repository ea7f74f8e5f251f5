using System.Text.Json.Nodes;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// Reservations of eMSPs at the 2.1.1 CPO of <see cref="CommandNetwork"/>, whose reservation ids are integers and which
/// cannot tell the hub's eMSPs apart: each (eMSP, reservation id) reaches it as a number of the hub's. On SQLite and PostgreSQL.
/// </summary>
public sealed class ReservationsAt211CpoTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Each_emsps_reservation_reaches_a_2_1_1_cpo_as_a_number_of_its_own_and_the_same_reservation_again_as_the_same(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (cpo, e11, e22, e30) = (net.Cpos[0], net.Emsps[0], net.Emsps[1], net.Emsps[2]);

        var res1 = await ReserveAsync(net.Hub, e22, cpo, "RES-1");
        // Sent again to update it (a CiString: the case does not matter), also through another node: the same reservation.
        Assert.Equal(res1, await ReserveAsync(net.Hub, e22, cpo, "res-1"));
        await using (var node = await net.Hub.StartAnotherNodeAsync())
            Assert.Equal(res1, await ReserveAsync(node, e22, cpo, "RES-1"));

        // Another eMSP's RES-1, and the same integer-looking id of three eMSPs, are other reservations at the charge point.
        int[] others = [await ReserveAsync(net.Hub, e30, cpo, "RES-1"), await ReserveAsync(net.Hub, e22, cpo, "7"),
            await ReserveAsync(net.Hub, e30, cpo, "7"), await ReserveAsync(net.Hub, e11, cpo, "7")];
        Assert.Equal(5, others.Append(res1).Distinct().Count());

        // The CPO's results reach each eMSP as usual.
        await Eventually.UntilAsync(() => e30.CommandResults, r => r.Count == 2, "the results at DE*E30");
        Assert.All(e30.CommandResults, r => Assert.Equal("ACCEPTED", JsonNode.Parse(r.Body)!["result"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Cancel_reservation_of_a_reservation_at_a_2_1_1_cpo_is_answered_by_the_hub_saying_how_to_end_it(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[0]);
        await ReserveAsync(net.Hub, emsp, cpo, "RES-1");
        var forwarded = CommandsAt(cpo).Count;

        var (_, answer) = await net.SendCommandAsync(emsp, "CANCEL_RESERVATION",
            $$"""{"response_url":"{{emsp.ResponseUrl("CANCEL_RESERVATION", "c1")}}","reservation_id":"RES-1"}""", Guid.NewGuid().ToString());

        Assert.True(answer["status_code"]!.GetValue<int>() == 1000, $"{answer}");
        Assert.Equal(("NOT_SUPPORTED", 0), (answer["data"]!["result"]!.GetValue<string>(), answer["data"]!["timeout"]!.GetValue<int>()));
        var why = answer["data"]!["message"]![0]!["text"]!.GetValue<string>();
        Assert.Contains("expiry_date", why);
        Assert.Contains("RESERVE_NOW", why);
        Assert.Equal(forwarded, CommandsAt(cpo).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Reservations_numbered_at_the_same_moment_get_numbers_of_their_own(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var store = hub.Service<ICommandStore>();
        var (cpo, emsp) = (new PartyKey("NL", "C11"), new PartyKey("DE", "E22"));

        var numbers = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(() => store.ReservationNumberAsync(cpo, emsp, $"RES-{i}"))));

        Assert.Equal(Enumerable.Range(1, 20), numbers.Order());
        Assert.Equal(numbers[4], await store.ReservationNumberAsync(cpo, emsp, "RES-5"));
        Assert.Equal(1, await store.ReservationNumberAsync(new PartyKey("NL", "C12"), emsp, "RES-5")); // numbered per CPO
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Numbers_of_reservations_a_2_1_1_cpo_refused_go_after_the_retention_but_its_highest_and_are_never_given_again(StorageKind storage)
    {
        // A retention of one second; the hub's hourly job is run here once the numbers are past it.
        await using var net = await StartAsync(storage, $"--Hub:ReservationRetentionDays={1.0 / 86_400}");
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[0]);
        cpo.Commands.Answer = "REJECTED";
        await ReserveAsync(net.Hub, emsp, cpo, "RES-REFUSED", "REJECTED");
        cpo.Commands.Answer = "ACCEPTED";
        var held = await ReserveAsync(net.Hub, emsp, cpo, "RES-HELD");
        cpo.Commands.Answer = "REJECTED";
        var highest = await ReserveAsync(net.Hub, emsp, cpo, "RES-LAST", "REJECTED");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var deleted = await net.Hub.Service<ReservationRetention>().PurgeAsync(CancellationToken.None);

        // The running reservation keeps its number; the refused ones go, but the CPO's highest, from which the next is counted.
        var database = net.Hub.Service<HubDatabase>();
        Assert.Equal(1, deleted);
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM reservation_numbers WHERE reservation_key = 'RES-REFUSED'"));
        Assert.Equal(1, await database.CountAsync($"SELECT COUNT(*) FROM reservation_numbers WHERE reservation_key = 'RES-HELD' AND number = {held}"));
        Assert.Equal(2, await database.CountAsync("SELECT COUNT(*) FROM reservation_numbers"));
        cpo.Commands.Answer = "ACCEPTED";
        Assert.Equal(highest + 1, await ReserveAsync(net.Hub, emsp, cpo, "RES-REFUSED"));
    }

    /// <summary>
    /// <paramref name="emsp"/>'s RESERVE_NOW of <paramref name="reservationId"/> at <paramref name="cpo"/> through
    /// <paramref name="hub"/>, answered <paramref name="answered"/>; the reservation id the CPO got.
    /// </summary>
    private static async Task<int> ReserveAsync(IHub hub, SimulatedPartner emsp, SimulatedPartner cpo, string reservationId, string answered = "ACCEPTED")
    {
        var version = emsp.Options.Version;
        var body = JsonNode.Parse(CommandJson.Body("RESERVE_NOW", version, emsp.ResponseUrl("RESERVE_NOW", Guid.NewGuid().ToString()), emsp, cpo))!.AsObject();
        body["reservation_id"] = version == OcpiVersion.V211 ? JsonValue.Create(int.Parse(reservationId)) : reservationId;

        var (_, answer) = await SendCommandAsync(hub, emsp, "RESERVE_NOW", body.ToJsonString(), Guid.NewGuid().ToString());

        Assert.True(answer["data"]?["result"]?.GetValue<string>() == answered, $"{reservationId} of {Key(emsp)}: {answer}");
        return JsonNode.Parse(CommandsAt(cpo)[^1].Body)!["reservation_id"]!.GetValue<int>();
    }
}
