using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The Locations naming a Tariff its owner changed are checked after the change's commit (their 2.1.1 <c>tariff_id</c>
/// may change): a hub process that dies in between, before the check wrote anything, still has the check done when it
/// starts again, so the 2.1.1 eMSP gets the Location naming the tariff its connector gets now. A check that cannot write
/// (<see cref="ChecksFailAsync"/>) writes nothing, as one whose node died first.
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
    /// A's changes recorded while no check could write, then checked in one run: from A as it was before the first to
    /// A as stored now. Made ad hoc, then deleted: both checks wait (the second change's run fails too) for a node's
    /// poll, and PLAZA reaches E11 once, naming B. Deleted, then created again as it was: the second change's run finds
    /// PLAZA's 2.1.1 form unchanged, writes nothing, and is done; E11 gets nothing more.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, false)]
    [InlineData(StorageKind.PostgreSql, false)]
    [InlineData(StorageKind.Sqlite, true)]
    [InlineData(StorageKind.PostgreSql, true)]
    public async Task Changes_of_a_tariff_recorded_before_one_check_count_from_before_the_first_to_the_tariff_as_stored_now(StorageKind storage,
        bool createdAgain)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var net = await RoamingNetwork.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");
        await net.AgreeAsync("NL*C22", "DE*E11");
        await net.Hub.QueueEmptyAsync("the agreement's ClientInfo sent");
        foreach (var tariff in new[] { "A", "B" })
            await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, $"tariffs/NL/C22/{tariff}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", tariff));
        await PushAsync(net.Hub, net.Cpo221, HttpMethod.Put, "locations/NL/C22/PLAZA",
            LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "PLAZA"), "A", "B"));
        Assert.Equal("A", TariffIdOf(Assert.Single(await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 1))));
        var database = net.Hub.Service<HubDatabase>();
        var rechecks = net.Hub.Service<NamingRecheckStore>();

        await ChecksFailAsync(database, true);
        var adHoc = TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", "AD_HOC_PAYMENT", "2026-11-01T11:00:00Z");
        var regular = TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "A", updated: "2026-11-01T11:00:00Z");
        (HttpMethod, string?)[] changes = createdAgain ? [(HttpMethod.Delete, null), (HttpMethod.Put, regular)] : [(HttpMethod.Put, adHoc), (HttpMethod.Delete, null)];
        foreach (var (method, body) in changes)
            await PushAsync(net.Hub, net.Cpo221, method, "tariffs/NL/C22/A", body);
        Assert.Equal(createdAgain ? 0 : 2, (await rechecks.PendingAsync(DataModule.Tariffs, null, 10)).Count);
        await ChecksFailAsync(database, false);

        // A node's poll does them once they are old enough to be no change's own.
        clock.Advance(TariffRechecks.Grace + TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => rechecks.PendingAsync(DataModule.Tariffs, null, 10), pending => pending.Count == 0, "the checks done", 20_000);
        await net.Hub.QueueEmptyAsync("what the checks found sent");
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, createdAgain ? 1 : 2), (net.Emsp221, 1), (net.Emsp230, 1));
        if (!createdAgain)
            Assert.Equal("B", TariffIdOf(RoamingNetwork.Changes(net.Emsp211, "locations")[1]));
    }

    /// <summary>
    /// Makes every write to a stored Location fail (the first write of a check of the Locations naming a Tariff), or
    /// no longer: a check run meanwhile writes and queues nothing, as one whose node died before it.
    /// </summary>
    private static Task ChecksFailAsync(HubDatabase database, bool fail) =>
        database.ExecuteWriteAsync((database.Kind, fail) switch
        {
            (DatabaseKind.Sqlite, true) =>
                "CREATE TRIGGER check_fails BEFORE UPDATE ON objects WHEN OLD.module = 'Locations' BEGIN SELECT RAISE(ABORT, 'the node is lost'); END",
            (DatabaseKind.Sqlite, false) => "DROP TRIGGER check_fails",
            (_, true) => """
                CREATE FUNCTION check_fails() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the node is lost'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER check_fails BEFORE UPDATE ON objects FOR EACH ROW WHEN (OLD.module = 'Locations') EXECUTE FUNCTION check_fails();
                """,
            (_, false) => "DROP TRIGGER check_fails ON objects; DROP FUNCTION check_fails()",
        }, null);

    private static async Task PushAsync(IHub hub, SimulatedPartner cpo, HttpMethod method, string path, string? body)
    {
        using var response = await cpo.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/{path}", body);
        Assert.Equal(1000, (await Partners.EnvelopeAsync(response))["status_code"]!.GetValue<int>());
    }

    /// <summary>The tariff_id of the connector of a 2.1.1 Location PUT.</summary>
    private static string TariffIdOf(RecordedRequest put) => JsonNode.Parse(put.Body)!["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>();
}
