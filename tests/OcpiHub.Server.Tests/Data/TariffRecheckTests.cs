using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Data;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The Locations naming a Tariff its owner changed are checked after the change's commit (their 2.1.1 <c>tariff_id</c>
/// may change): a hub process that dies in between, before the check wrote anything, still has the check done when it
/// starts again, so the 2.1.1 eMSP gets the Location naming the tariff its connector gets now. A check that cannot write
/// (<see cref="ChecksFailAsync"/>) fails and is left to be tried again, as one whose node died first is.
/// </summary>
public sealed class TariffRecheckTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_whose_2_1_1_tariff_id_a_tariff_deletion_changed_reaches_the_2_1_1_emsp_after_the_hub_died_before_the_check(
        StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await hub.StartAsync();
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "C22"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "E11", "DE"));
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync("NL*C22", "DE*E11");
        foreach (var tariff in new[] { "A", "B" })
            await PushAsync(hub, cpo, HttpMethod.Put, $"tariffs/NL/C22/{tariff}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff));
        await PushAsync(hub, cpo, HttpMethod.Put, "locations/NL/C22/PLAZA",
            LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "PLAZA"), "A", "B"));
        Assert.Equal("A", TariffIdOf(Assert.Single(await RoamingNetwork.ChangesAsync(emsp, "locations", 1))));

        // The check after the deletion's commit writes nothing, as if the process had died there; then it does die.
        await using (var database = hub.Database())
            await ChecksFailAsync(database, true);
        using (await cpo.SendToHubAsync(HttpMethod.Delete, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/tariffs/NL/C22/A"))
        {
            // Its answer does not matter: the node is lost.
        }
        await Eventually.UntilAsync(() => RoamingNetwork.Changes(emsp, "tariffs"), changes => changes.Any(c => c.Method == "DELETE"), "the deletion stored and sent");
        hub.Kill();
        await using (var database = hub.Database())
            await ChecksFailAsync(database, false);

        await hub.StartAsync();

        var again = (await RoamingNetwork.ChangesAsync(emsp, "locations", 2))[1];
        Assert.Equal(("PUT", "/ocpi/2.1.1/locations/NL/C22/PLAZA", "B"), (again.Method, again.Path, TariffIdOf(again)));
    }

    /// <summary>
    /// A's changes recorded while no check could write, then checked by a node's poll, each on its own: from A as it was
    /// before it, at its instant, to A as stored now. Made ad hoc (PLAZA names B), then deleted: the deletion's own check
    /// finds PLAZA's 2.1.1 form unchanged by it and is done; the first, from regular to none, sends PLAZA naming B.
    /// Deleted (PLAZA names B), then created again as it was: the first finds nothing changed from regular to regular, the
    /// second, from none to regular, sends PLAZA naming A again (E11 may have read it naming B in between).
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, false)]
    [InlineData(StorageKind.PostgreSql, false)]
    [InlineData(StorageKind.Sqlite, true)]
    [InlineData(StorageKind.PostgreSql, true)]
    public async Task Changes_of_a_tariff_recorded_before_one_check_count_each_from_before_it_to_the_tariff_as_stored_now(StorageKind storage,
        bool createdAgain)
    {
        var (net, clock) = await StartAsync(storage, ("PLAZA", "A", "B"));
        await using var _ = net;
        var database = net.Hub.Service<HubDatabase>();

        await ChecksFailAsync(database, true);
        var adHoc = TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", "AD_HOC_PAYMENT", "2026-11-01T11:00:00Z");
        var regular = TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", updated: "2026-11-01T11:00:00Z");
        (HttpMethod, string?)[] changes = createdAgain ? [(HttpMethod.Delete, null), (HttpMethod.Put, regular)] : [(HttpMethod.Put, adHoc), (HttpMethod.Delete, null)];
        foreach (var (method, body) in changes)
            await PushAsync(net.Hub, net.Cpo221, method, "tariffs/NL/C22/A", body);
        Assert.Equal(createdAgain ? 2 : 1, (await AttemptsAsync(database)).Count);
        await ChecksFailAsync(database, false);

        await PollsDoAllAsync(net, clock, database);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 2), (net.Emsp221, 1), (net.Emsp230, 1));
        Assert.Equal(createdAgain ? "A" : "B", TariffIdOf(RoamingNetwork.Changes(net.Emsp211, "locations")[1]));
    }

    /// <summary>
    /// A made ad hoc while no check could write: E11, reading PLAZA then, is given it naming B. A made regular again, as
    /// it was, while still none could: compared from before the first change to now, A did not change, but PLAZA names A
    /// again for E11, which holds it naming B; the second change's own check finds that, and PLAZA is sent naming A.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_changed_and_changed_back_sends_the_location_again_to_the_emsp_given_the_form_in_between(StorageKind storage)
    {
        var (net, clock) = await StartAsync(storage, ("PLAZA", "A", "B"));
        await using var _ = net;
        var database = net.Hub.Service<HubDatabase>();

        await ChecksFailAsync(database, true);
        await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, "tariffs/NL/C22/A",
            TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", "AD_HOC_PAYMENT", "2026-11-01T11:00:00Z"));
        using (var read = await net.SendOkAsync(net.Emsp211, HttpMethod.Get, "sender/locations/PLAZA"))
            Assert.Equal("B", TariffIdOf((await Partners.EnvelopeAsync(read))["data"]!));
        await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, "tariffs/NL/C22/A",
            TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", updated: "2026-11-01T11:01:00Z"));
        await ChecksFailAsync(database, false);

        await PollsDoAllAsync(net, clock, database);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 2), (net.Emsp221, 1), (net.Emsp230, 1));
        Assert.Equal("A", TariffIdOf(RoamingNetwork.Changes(net.Emsp211, "locations")[1]));
    }

    /// <summary>
    /// A's check fails (PLAZA cannot be written): it is put off and tried again by a node's poll, later after each failure,
    /// and done once it can be; meanwhile C's change, made after A's, reaches E11 with its own check, held up by none.
    /// </summary>
    /// <summary>
    /// One pulled page (one change) creates A and makes B ad hoc while PLAZA [A, B] names B (A not held): PLAZA names A
    /// now, which neither Tariff's change alone shows (each against the other as stored now gives A before and after);
    /// the change's Tariffs are compared together, and E11 gets PLAZA naming A. Also when the page's other Tariffs put
    /// A's and B's checks on either side of what one poll reads.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, 0)]
    [InlineData(StorageKind.PostgreSql, 0)]
    [InlineData(StorageKind.Sqlite, TariffRechecks.Batch - 1)]
    [InlineData(StorageKind.PostgreSql, TariffRechecks.Batch - 1)]
    public async Task The_tariffs_of_one_pulled_page_are_checked_together(StorageKind storage, int othersBefore)
    {
        var (net, clock) = await StartAsync(storage, ("PLAZA", "A", "B"));
        await using var _ = net;
        var database = net.Hub.Service<HubDatabase>();
        await PushAsync(net.Hub, net.Cpo221, HttpMethod.Delete, "tariffs/NL/C22/A", null);
        Assert.Equal("B", TariffIdOf((await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 2))[1]));

        // The page's own check fails (a minute on, PLAZA's 2.1.1 last_updated is raised, which the trigger refuses): the polls do it.
        await ChecksFailAsync(database, true);
        clock.Advance(TimeSpan.FromMinutes(1));
        var owner = new PartyKey("NL", "C22");
        var tariffs = DataShapes.For(DataModule.Tariffs);
        ObjectChange Pulled(string id, string json)
        {
            var canonical = CanonicalJson.Parse(json);
            return new(tariffs, owner, [id], tariffs.ObjectKey(id, QueryCollection.Empty, canonical), canonical, "PUT",
                new RoutingDecision.StoreAndBroadcast(owner), "page-1", ChangeSource.Pull);
        }
        var results = await net.Hub.Service<ChangePipeline>().ApplyAsync(
            [.. Enumerable.Range(1, othersBefore).Select(i => Pulled($"OTHER{i}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", $"OTHER{i}"))),
             Pulled("A", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", updated: "2026-11-01T11:00:00Z")),
             Pulled("B", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "B", "AD_HOC_PAYMENT", "2026-11-01T11:00:00Z"))],
            (_, _) => null, CancellationToken.None);
        Assert.Equal([ChangeOutcome.Created, ChangeOutcome.Updated], results.TakeLast(2).Select(r => r.Outcome));
        Assert.Equal(othersBefore + 2, (await AttemptsAsync(database)).Count(a => a == 1));
        await ChecksFailAsync(database, false);
        await PollsDoAllAsync(net, clock, database);

        Assert.Equal("A", TariffIdOf((await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 3))[2]));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_failing_check_holds_up_no_other_tariffs_check_and_is_tried_again_later(StorageKind storage)
    {
        var (net, clock) = await StartAsync(storage, ("PLAZA", "A", "B"), ("STATION", "C", "D"));
        await using var _ = net;
        var database = net.Hub.Service<HubDatabase>();

        await ChecksFailAsync(database, true, "PLAZA");
        foreach (var tariff in new[] { "A", "C" })
            await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, $"tariffs/NL/C22/{tariff}",
                TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff, "AD_HOC_PAYMENT", "2026-11-01T11:00:00Z"));
        var station = (await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 3))[2];
        Assert.Equal(("/ocpi/2.1.1/locations/NL/C22/STATION", "D"), (station.Path, TariffIdOf(station)));
        Assert.Equal(1L, Assert.Single(await AttemptsAsync(database)));

        // A node's poll tries it again once it is no change's own, and puts it off for longer.
        clock.Advance(TariffRechecks.Grace + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => AttemptsAsync(database), attempts => attempts.SequenceEqual([2L]), "the check tried again", 20_000);
        await ChecksFailAsync(database, false, "PLAZA");

        await PollsDoAllAsync(net, clock, database);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 4), (net.Emsp221, 2), (net.Emsp230, 2));
        var plaza = RoamingNetwork.Changes(net.Emsp211, "locations")[3];
        Assert.Equal(("/ocpi/2.1.1/locations/NL/C22/PLAZA", "B"), (plaza.Path, TariffIdOf(plaza)));
    }

    /// <summary>
    /// A network on a test clock whose CPO C22 holds the tariffs <paramref name="locations"/> name and those Locations,
    /// each naming its first tariff to 2.1.1 eMSPs, as E11 has them.
    /// </summary>
    private static async Task<(RoamingNetwork, FakeTimeProvider)> StartAsync(StorageKind storage, params (string Id, string First, string Second)[] locations)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var net = await RoamingNetwork.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");
        await net.AgreeAsync("NL*C22", "DE*E11");
        await net.Hub.QueueEmptyAsync("the agreement's ClientInfo sent");
        foreach (var (id, first, second) in locations)
        {
            foreach (var tariff in new[] { first, second })
                await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, $"tariffs/NL/C22/{tariff}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff));
            await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, $"locations/NL/C22/{id}",
                LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", id), first, second));
        }
        var sent = await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", locations.Length);
        Assert.Equal(locations.Select(l => l.First), sent.Select(TariffIdOf));
        return (net, clock);
    }

    /// <summary>Moves the clock until the nodes' polls have done every recorded check, and what they queued is sent.</summary>
    private static async Task PollsDoAllAsync(RoamingNetwork net, FakeTimeProvider clock, HubDatabase database)
    {
        await Eventually.UntilAsync(async () =>
        {
            clock.Advance(TariffRechecks.Grace + TimeSpan.FromSeconds(1));
            return await AttemptsAsync(database);
        }, pending => pending.Count == 0, "the checks done", 20_000);
        await net.Hub.QueueEmptyAsync("what the checks found sent");
    }

    /// <summary>How often each recorded check failed, in the order recorded.</summary>
    private static async Task<List<long>> AttemptsAsync(HubDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<long>("SELECT attempts FROM naming_rechecks ORDER BY seq")];
    }

    /// <summary>
    /// Makes every write to a stored Location (or only to <paramref name="location"/>) fail (the first write of a check
    /// of the Locations naming a Tariff), or no longer: a check run meanwhile writes and queues nothing, as one whose
    /// node died before it.
    /// </summary>
    private static Task ChecksFailAsync(HubDatabase database, bool fail, string? location = null)
    {
        var which = location is null ? "OLD.module = 'Locations'" : $"OLD.module = 'Locations' AND OLD.object_key = '{location}'";
        return database.ExecuteWriteAsync((database.Kind, fail) switch
        {
            (DatabaseKind.Sqlite, true) =>
                $"CREATE TRIGGER check_fails BEFORE UPDATE ON objects WHEN {which} BEGIN SELECT RAISE(ABORT, 'the node is lost'); END",
            (DatabaseKind.Sqlite, false) => "DROP TRIGGER check_fails",
            (_, true) => $"""
                CREATE FUNCTION check_fails() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the node is lost'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER check_fails BEFORE UPDATE ON objects FOR EACH ROW WHEN ({which}) EXECUTE FUNCTION check_fails();
                """,
            (_, false) => "DROP TRIGGER check_fails ON objects; DROP FUNCTION check_fails()",
        }, null);
    }

    private static async Task PushAsync(IHub hub, SimulatedPartner cpo, HttpMethod method, string path, string? body)
    {
        using var response = await cpo.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/{path}", body);
        Assert.Equal(1000, (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>());
    }

    /// <summary>The tariff_id of the connector of a 2.1.1 Location PUT.</summary>
    private static string TariffIdOf(RecordedRequest put) => TariffIdOf(JsonNode.Parse(put.Body)!);

    private static string TariffIdOf(JsonNode location) => location["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>();
}
