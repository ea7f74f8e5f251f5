using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Data;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A Tariff's validity period (<c>start_date_time</c>, <c>end_date_time</c>), which 2.1.1 cannot carry, on the hub's
/// clock driven here: a 2.1.1 eMSP neither is pushed nor pulls a tariff before its start, gets it once its start has
/// passed and its DELETE once its end has; a 2.2.1 eMSP gets the tariff with its period at once, and nothing more.
/// </summary>
public class TariffValidityTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_gets_a_tariff_once_its_period_starts_and_its_delete_once_it_ends(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);

        // A price change published a day ahead, and the tariff it replaces, which ends then.
        await PutAsync(net, "NEXT", ("start_date_time", Start.AddDays(1)));
        await PutAsync(net, "NOW", ("end_date_time", Start.AddDays(1)));

        var atE11 = Assert.Single(await ChangesAsync(net.Emsp211, 1));
        Assert.Equal(("PUT", "/ocpi/2.1.1/tariffs/NL/C22/NOW"), (atE11.Method, atE11.Path));
        Assert.Equal(["NOW"], await net.PullAllAsync(net.Emsp211, "tariffs", "id", "limit=10"));
        // 2.2.1 applies the period itself: both at once, each with its period.
        var atE22 = (await ChangesAsync(net.Emsp221, 2)).ToDictionary(r => r.Path, r => JsonNode.Parse(r.Body)!);
        Assert.Equal("2026-12-02T12:00:00Z", atE22["/ocpi/2.2.1/tariffs/NL/C22/NEXT"]["start_date_time"]!.GetValue<string>());
        Assert.Equal("2026-12-02T12:00:00Z", atE22["/ocpi/2.2.1/tariffs/NL/C22/NOW"]["end_date_time"]!.GetValue<string>());

        // The day has passed: the new tariff reaches the 2.1.1 eMSP, and the old one is deleted there.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var changes = (await ChangesAsync(net.Emsp211, 3)).Skip(1).Select(r => (r.Method, r.Path)).Order().ToList();
        Assert.Equal([("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/NOW"), ("PUT", "/ocpi/2.1.1/tariffs/NL/C22/NEXT")], changes);
        Assert.Equal(["NEXT"], await net.PullAllAsync(net.Emsp211, "tariffs", "id", "limit=10"));
        Assert.Equal(["NEXT", "NOW"], await net.PullAllAsync(net.Emsp221, "tariffs", "id", "limit=10"));

        // Later runs send nothing again, nor anything to the 2.2.1 and 2.3.0 eMSPs, which had both at once.
        clock.Advance(TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(1));
        await net.AssertNothingMoreAsync("tariffs", (net.Emsp211, 3), (net.Emsp221, 2), (net.Emsp230, 2));
    }

    /// <summary>
    /// E11 pulls what changed since its last pull (<c>date_from</c>). SOON and LATER, which their CPO updated long
    /// before, start between two pulls: to E11 they changed at their start, so the next pull finds them, page by page
    /// and from an offset, each with its start as last_updated; a pull up to their start does not, nor one of 2.2.1,
    /// which is given the CPO's last_updated.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_emsp_pulling_what_changed_since_its_last_pull_finds_the_tariffs_that_started_since(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await PutAsync(net, "SOON", ("start_date_time", Start.AddMinutes(30)));
        await PutAsync(net, "LATER", ("start_date_time", Start.AddHours(1)));
        var sinceLastPull = $"date_from={Wire(Start)}";
        Assert.Empty(await net.PullAllAsync(net.Emsp211, "tariffs", "id", sinceLastPull));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal([["LATER"], ["SOON"]], await net.PagesAsync(net.Emsp211, "tariffs", "id", sinceLastPull + "&limit=1"));
        Assert.Equal(["SOON"], await net.PullAllAsync(net.Emsp211, "tariffs", "id", sinceLastPull + "&offset=1"));
        Assert.Equal([Wire(Start.AddHours(1)), Wire(Start.AddMinutes(30))], await net.PullAllAsync(net.Emsp211, "tariffs", "last_updated", sinceLastPull));
        Assert.Equal(["SOON"], await net.PullAllAsync(net.Emsp211, "tariffs", "id", $"date_to={Wire(Start.AddHours(1))}"));
        Assert.Empty(await net.PullAllAsync(net.Emsp221, "tariffs", "id", sinceLastPull));
    }

    /// <summary>
    /// PLAZA's connector lists the tariffs A and B, OTHER's B alone; E11, of 2.1.1, holds one tariff_id a connector:
    /// A at PLAZA. A ends: PLAZA reaches E11 again, naming B, last updated for 2.1.1 when the hub found that, and a pull
    /// of what changed since before the end finds it too. OTHER, which names B throughout in 2.1.1, does neither, nor
    /// does PLAZA reach the 2.2.1 and 2.3.0 eMSPs, which hold both ids.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, "A")]
    [InlineData(StorageKind.PostgreSql, "A")]
    // An id its JSON text escapes (\u002B), as the hub stores it.
    [InlineData(StorageKind.Sqlite, "AC+DC")]
    [InlineData(StorageKind.PostgreSql, "AC+DC")]
    public async Task A_location_whose_2_1_1_tariff_id_changes_as_a_tariff_ends_reaches_the_2_1_1_emsp_again(StorageKind storage, string ending)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await PutAsync(net, ending, ("end_date_time", Start.AddHours(1)));
        await PutAsync(net, "B", ("start_date_time", Start.AddDays(-1)));
        await PutLocationAsync(net, "PLAZA", ending, "B");
        await PutLocationAsync(net, "OTHER", "B");
        Assert.Equal([ending, "B"], (await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 2)).Select(TariffIdOf).Order(StringComparer.Ordinal));

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var again = (await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 3))[2];
        Assert.Equal(("PUT", "/ocpi/2.1.1/locations/NL/C22/PLAZA", "B"), (again.Method, again.Path, TariffIdOf(again)));
        var found = Wire(Start.AddHours(1).AddMinutes(1));
        Assert.Equal(found, JsonNode.Parse(again.Body)!["last_updated"]!.GetValue<string>());
        var sinceBeforeTheEnd = $"date_from={Wire(Start.AddMinutes(30))}";
        Assert.Equal(["PLAZA"], await net.PullAllAsync(net.Emsp211, "locations", "id", sinceBeforeTheEnd));
        Assert.Equal([found], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", sinceBeforeTheEnd));
        Assert.Empty(await net.PullAllAsync(net.Emsp221, "locations", "id", sinceBeforeTheEnd));
        clock.Advance(TimeSpan.FromMinutes(1));
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 3), (net.Emsp221, 2), (net.Emsp230, 2));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_location_served_to_2_1_1_between_a_tariffs_end_and_the_check_is_served_as_last_updated_by_the_check_after_it(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        // The end between the first and second minute's checks: each step of the clock below passes at most one
        // minute's tick, so the check runs once a step (a longer step's missed ticks run once more, at whatever time
        // the clock shows by then).
        var end = Start.AddMinutes(1).AddSeconds(30);
        await PutAsync(net, "A", ("end_date_time", end));
        await PutAsync(net, "B", ("start_date_time", Start.AddDays(-1)));
        await PutLocationAsync(net, "PLAZA", "A", "B");
        await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 1);

        // Past the end, before the minute's check (it last ran before the end): the reader is served the Location
        // naming B, a form the hub keeps.
        clock.Advance(end.AddSeconds(-10) - Start);
        await ValidityCheckedAsync(net, end.AddSeconds(-10));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(["2026-11-01T10:00:00Z"], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", "limit=10"));

        clock.Advance(TimeSpan.FromSeconds(20));
        await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 2);
        Assert.Equal([Wire(Start.AddMinutes(2))], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", "limit=10"));
    }

    /// <summary>
    /// The Locations naming any of some tariff ids are found by the index the store keeps with every write of a
    /// Location: exactly those whose connectors name one, in any case and as their JSON escapes it (<c>AC+DC</c>), not one
    /// naming a tariff whose id only starts with one of them, nor one holding it elsewhere (its own id); and as a
    /// connector's <c>tariff_ids</c> change.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_locations_naming_tariffs_are_found_as_their_connectors_name_them(StorageKind storage)
    {
        await using var net = await StartAsync(storage, new FakeTimeProvider(Start));
        await PutLocationAsync(net, "PLAZA", "A", "B");
        await PutLocationAsync(net, "OTHER", "AC+DC");
        await PutLocationAsync(net, "LONGER", "AB");
        await PutLocationAsync(net, "A", "T1");
        var store = net.Hub.Service<IDataStore>();
        async Task<string[]> NamingAsync(params string[] ids) =>
            [.. (await store.LocationsNamingTariffsAsync(new PartyKey("NL", "C22"), ids)).Select(s => s.Position.Key).Order()];

        Assert.Equal(["PLAZA"], await NamingAsync("a"));
        Assert.Equal(["OTHER"], await NamingAsync("ac+dc"));
        Assert.Equal(["OTHER", "PLAZA"], await NamingAsync([.. Enumerable.Range(2, 9).Select(i => $"T{i}"), "b", "AC+DC"]));
        Assert.Empty(await NamingAsync([.. Enumerable.Range(2, 9).Select(i => $"T{i}")]));
        Assert.Empty(await store.LocationsNamingTariffsAsync(new PartyKey("NL", "C23"), ["A", "B"]));

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/PLAZA/PLAZA-E1/1",
            """{"tariff_ids":["C","c"],"last_updated":"2026-11-01T11:00:00Z"}""");
        Assert.Empty(await NamingAsync("A", "B"));
        Assert.Equal(["PLAZA"], await NamingAsync("C"));
    }

    /// <summary>
    /// The index follows a Location removed and stored again, one whose connector names no tariff any more, and one
    /// whose row a write the index missed left behind (a node of an older build); it holds only a connector's
    /// <c>tariff_ids</c>, not a property of that name elsewhere in the body (a partner's extension, kept).
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_index_follows_locations_removed_stored_again_and_naming_nothing(StorageKind storage)
    {
        await using var net = await StartAsync(storage, new FakeTimeProvider(Start));
        var (store, database, owner) = (net.Hub.Service<IDataStore>(), net.Hub.Service<HubDatabase>(), new PartyKey("NL", "C22"));
        async Task<string[]> NamingAsync(params string[] ids) => [.. (await store.LocationsNamingTariffsAsync(owner, ids)).Select(s => s.Position.Key).Order()];
        StoredObject Stored(string id, string body) => new(DataModule.Locations, owner, id, Start, body, null, Start);
        await PutLocationAsync(net, "PLAZA", "A");

        await store.ChangeAsync([new ObjectAddress(DataModule.Locations, owner, "PLAZA")],
            (_, stored, _) => Task.FromResult<ObjectWrite?>(new ObjectWrite(stored!, Delete: true, "", [], "", Collapse: false, null)), bring: null);
        Assert.Equal(0, await database.CountAsync("SELECT COUNT(*) FROM locations_naming_tariffs WHERE object_key = 'PLAZA'"));
        await store.SaveAsync([Stored("PLAZA", LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V230, "NL", "C22", "PLAZA"), "A"))]);
        Assert.Equal(["PLAZA"], await NamingAsync("A"));

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/PLAZA/PLAZA-E1/1", """{"tariff_ids":[],"last_updated":"2026-11-01T11:00:00Z"}""");
        Assert.Empty(await NamingAsync("A"));

        await database.ExecuteWriteAsync("INSERT INTO locations_naming_tariffs (owner, object_key, tariff_key) VALUES ('NL*C22', 'OTHER', 'B')", null);
        await PutLocationAsync(net, "OTHER", "B");
        Assert.Equal(["OTHER"], await NamingAsync("B"));

        var extended = LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V230, "NL", "C22", "EXTRA"), "Y")
            .Replace("{\"country_code\"", "{\"tariff_ids\":[\"X\"],\"country_code\"").Replace("{\"uid\"", "{\"tariff_ids\":[\"Z\"],\"uid\"");
        await store.SaveAsync([Stored("EXTRA", extended)]);
        Assert.Equal([[], [], ["EXTRA"]], [await NamingAsync("X"), await NamingAsync("Z"), await NamingAsync("Y")]);
    }

    /// <summary>
    /// Locations stored before migration 0040 (which makes the index) are found once it has run: it fills the index from
    /// the bodies stored; a Location stored after it, by the store's write.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Locations_stored_before_the_index_was_made_are_found_by_it(StorageKind storage)
    {
        await using var net = await StartAsync(storage, new FakeTimeProvider(Start));
        await PutLocationAsync(net, "PLAZA", "A", "b");
        await PutLocationAsync(net, "OTHER", "B");
        var database = net.Hub.Service<HubDatabase>();
        // As a hub of the build before migration 0040 left them.
        await database.ExecuteWriteAsync("DROP TABLE locations_naming_tariffs", null);
        await database.ExecuteWriteAsync("DELETE FROM schema_migrations WHERE version = 40", null);

        await Migrator.MigrateAsync(database);
        await PutLocationAsync(net, "LATER", "B");

        var store = net.Hub.Service<IDataStore>();
        Assert.Equal(["LATER", "OTHER", "PLAZA"],
            [.. (await store.LocationsNamingTariffsAsync(new PartyKey("NL", "C22"), ["B"])).Select(s => s.Position.Key).Order()]);
        Assert.Equal(["PLAZA"], [.. (await store.LocationsNamingTariffsAsync(new PartyKey("NL", "C22"), ["a"])).Select(s => s.Position.Key)]);
    }

    /// <summary>
    /// A and C, two tariffs of C22, end at once; PLAZA's connector lists A and B, OTHER's C and D. One look-up of C22's
    /// Locations finds both, and both reach E11 again.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_locations_naming_tariffs_of_one_owner_that_end_at_once_are_found_by_one_look_up(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        foreach (var ending in new[] { "A", "C" })
            await PutAsync(net, ending, ("end_date_time", Start.AddHours(1)));
        foreach (var next in new[] { "B", "D" })
            await PutAsync(net, next, ("start_date_time", Start.AddDays(-1)));
        await PutLocationAsync(net, "PLAZA", "A", "B");
        await PutLocationAsync(net, "OTHER", "C", "D");
        var (store, calls) = PagesAndWireFormsTests.CountingStore.Around(net.Hub.Service<IDataStore>());
        var owner = new PartyKey("NL", "C22");
        var ended = new[] { (await store.FindAsync(DataModule.Tariffs, owner, "A"))!, (await store.FindAsync(DataModule.Tariffs, owner, "C"))! };
        var locations = new LocationsNamingTariffs(store, new StoreLookup(store), net.Hub.Service<Receivers>(), net.Hub.Service<HubRouting>());

        Assert.Equal(2, await locations.ResendAsync(ended, Start, Start.AddHours(2), "validity", CancellationToken.None));
        Assert.Equal(1, calls.Count(nameof(IDataStore.LocationsNamingTariffsAsync)));
    }

    /// <summary>
    /// PLAZA's connector lists A and B, OTHER's B alone; E11, of 2.1.1, holds A at PLAZA. Their CPO deletes A, or makes
    /// it an ad hoc tariff, which 2.1.1 readers never get: PLAZA reaches E11 again, naming B, last updated for 2.1.1 when
    /// the hub stored the change, and a pull of what changed since before finds it. OTHER does not, nor does PLAZA reach
    /// the 2.2.1 and 2.3.0 eMSPs, nor does a PUT of B that leaves what the choice reads as it was.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite, "deleted")]
    [InlineData(StorageKind.PostgreSql, "deleted")]
    [InlineData(StorageKind.Sqlite, "AD_HOC_PAYMENT")]
    [InlineData(StorageKind.PostgreSql, "AD_HOC_PAYMENT")]
    public async Task A_location_whose_2_1_1_tariff_id_changes_as_its_cpo_deletes_or_retypes_a_tariff_reaches_the_2_1_1_emsp_again(StorageKind storage, string change)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        var changedAt = await NameAThenChangeItAsync(net, clock, change);

        var again = (await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 3))[2];
        Assert.Equal(("PUT", "/ocpi/2.1.1/locations/NL/C22/PLAZA", "B"), (again.Method, again.Path, TariffIdOf(again)));
        Assert.Equal(Wire(changedAt), JsonNode.Parse(again.Body)!["last_updated"]!.GetValue<string>());
        var sinceBefore = $"date_from={Wire(changedAt.AddMinutes(-1))}";
        Assert.Equal(["PLAZA"], await net.PullAllAsync(net.Emsp211, "locations", "id", sinceBefore));
        Assert.Equal([Wire(changedAt)], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", sinceBefore));
        Assert.Empty(await net.PullAllAsync(net.Emsp221, "locations", "id", sinceBefore));
        await PutAsync(net, "B", ("start_date_time", Start.AddDays(-1)), HttpStatusCode.OK);
        await net.AssertNothingMoreAsync("locations", (net.Emsp211, 3), (net.Emsp221, 2), (net.Emsp230, 2));
    }

    /// <summary>
    /// As above, PLAZA last updated for 2.1.1 when A was deleted; then a PATCH of PLAZA that its CPO dated before that
    /// comes late. E11 pulled PLAZA after the deletion: its next pull of what changed since finds the PATCH, dated when
    /// the hub stored it, never back below what E11 was given.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_late_patch_of_a_location_never_dates_it_for_2_1_1_before_what_2_1_1_readers_were_given(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        var deletedAt = await NameAThenChangeItAsync(net, clock, "deleted");
        await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 3);
        clock.Advance(TimeSpan.FromMinutes(1));
        var lastPull = clock.GetUtcNow();
        Assert.Equal([Wire(deletedAt)], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", $"date_from={Wire(deletedAt)}"));

        clock.Advance(TimeSpan.FromMinutes(1));
        var patch = $$"""{"name":"Plaza, renamed","last_updated":"{{Wire(deletedAt.AddMinutes(-2))}}"}""";
        using var sent = await net.SendAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/PLAZA", patch);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        Assert.Equal(["Plaza, renamed"], await net.PullAllAsync(net.Emsp211, "locations", "name", $"date_from={Wire(lastPull)}"));
        Assert.Equal([Wire(clock.GetUtcNow())], await net.PullAllAsync(net.Emsp211, "locations", "last_updated", $"date_from={Wire(lastPull)}"));
    }

    /// <summary>
    /// A and B valid since yesterday, PLAZA listing A and B, OTHER B alone, both at E11; ten minutes on, A is deleted
    /// or given <paramref name="change"/> as its type by its CPO. When that was.
    /// </summary>
    private static async Task<DateTimeOffset> NameAThenChangeItAsync(RoamingNetwork net, FakeTimeProvider clock, string change)
    {
        await PutAsync(net, "A", ("start_date_time", Start.AddDays(-1)));
        await PutAsync(net, "B", ("start_date_time", Start.AddDays(-1)));
        await PutLocationAsync(net, "PLAZA", "A", "B");
        await PutLocationAsync(net, "OTHER", "B");
        Assert.Equal(["A", "B"], (await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 2)).Select(TariffIdOf).Order(StringComparer.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(10));
        if (change == "deleted")
        {
            using var delete = await net.SendAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/A");
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }
        else
            await PutAsync(net, "A", ("start_date_time", Start.AddDays(-1)), HttpStatusCode.OK, change);
        return clock.GetUtcNow();
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_start_passed_while_the_node_that_checks_validity_was_stalled_is_sent_by_another_node_once(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await PutAsync(net, "NEXT", ("start_date_time", Start.AddHours(1)));
        await net.AssertNothingMoreAsync("tariffs", (net.Emsp221, 1), (net.Emsp230, 1));

        // The first node's clock stands still (as if it had died); another node, an hour on, takes the check over from
        // where the first one left it, and sends the tariff whose start passed meanwhile.
        var later = new FakeTimeProvider(Start.AddHours(1).AddMinutes(3));
        await using var second = await net.Hub.StartAnotherNodeAsync(later, "--Hub:Sync:Enabled=false");
        var atE11 = Assert.Single(await ChangesAsync(net.Emsp211, 1));
        Assert.Equal(("PUT", "/ocpi/2.1.1/tariffs/NL/C22/NEXT"), (atE11.Method, atE11.Path));
        later.Advance(TimeSpan.FromMinutes(1));
        await net.AssertNothingMoreAsync("tariffs", (net.Emsp211, 1), (net.Emsp221, 1), (net.Emsp230, 1));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_tariff_its_cpo_deletes_right_after_its_end_is_deleted_at_the_2_1_1_emsp_too(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await EndAndDeleteAsync(net, clock);
        clock.Advance(TimeSpan.FromSeconds(30));

        var atE11 = (await ChangesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/ENDING"), (atE11.Method, atE11.Path));
        clock.Advance(TimeSpan.FromMinutes(1));
        await net.AssertNothingMoreAsync("tariffs", (net.Emsp211, 2), (net.Emsp221, 2), (net.Emsp230, 2));
    }

    /// <summary>
    /// While C22's agreement with the 2.1.1 eMSP E11 is suspended, ENDED's validity period ends, and GONE's too,
    /// which its CPO then deletes: nobody could tell E11 then; the resumption deletes both there. LATER, which ends
    /// after the resumption, is left to the check of validity periods.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Tariffs_whose_period_ended_while_the_agreement_was_suspended_are_deleted_at_the_2_1_1_emsp_on_resumption(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await PutAsync(net, "ENDED", ("end_date_time", Start.AddHours(2)));
        await PutAsync(net, "GONE", ("end_date_time", Start.AddHours(2)));
        await PutAsync(net, "LATER", ("end_date_time", Start.AddHours(6)));
        await ChangesAsync(net.Emsp211, 3);
        var withE11 = await net.AgreementIdAsync("NL*C22", "DE*E11");
        clock.Advance(TimeSpan.FromMinutes(1));
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE11}/suspend");

        clock.Advance(TimeSpan.FromHours(3));
        await ValidityCheckedAsync(net, Start.AddHours(2));
        using var delete = await net.SendAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/GONE");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        clock.Advance(TimeSpan.FromHours(1));
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{withE11}/resume");
        await net.CaughtUpAsync(withE11);
        await net.Hub.QueueEmptyAsync("what the resumption brings sent");

        Assert.Equal([("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/ENDED"), ("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/GONE"), ("PUT", "/ocpi/2.1.1/tariffs/NL/C22/LATER")],
            RoamingNetwork.Changes(net.Emsp211, "tariffs").Skip(3).Select(r => (r.Method, r.Path)).Order());
    }

    /// <summary>
    /// As above, and the check of validity periods has not run for an hour (every node down, say) when the cleanup of
    /// withdrawal records runs: it keeps the removal, which the check still needs, and the 2.1.1 eMSP gets the DELETE.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_cleanup_of_withdrawal_records_keeps_a_removal_the_check_of_validity_periods_has_not_read(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var net = await StartAsync(storage, clock);
        await EndAndDeleteAsync(net, clock);

        // The cleanup, on a node an hour on; the check has not run since the tariff ended.
        await new WithdrawalRetention(net.Hub.Service<IAgreementStore>(), net.Hub.Service<ICatchUpStore>(), net.Hub.Service<IPlatformStore>(),
            net.Hub.Service<JobMarkStore>(), new FakeTimeProvider(Start.AddHours(1))).ForgetAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));

        var atE11 = (await ChangesAsync(net.Emsp211, 2))[1];
        Assert.Equal(("DELETE", "/ocpi/2.1.1/tariffs/NL/C22/ENDING"), (atE11.Method, atE11.Path));
    }

    /// <summary>The network on <paramref name="clock"/>, the 2.2.1 CPO C22 agreed with the 2.1.1 eMSP E11 too.</summary>
    private static async Task<RoamingNetwork> StartAsync(StorageKind storage, FakeTimeProvider clock)
    {
        var net = await RoamingNetwork.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");
        await net.AgreeAsync("NL*C22", "DE*E11");
        await net.Hub.QueueEmptyAsync("the agreement's ClientInfo sent");
        return net;
    }

    /// <summary>ENDING, which the 2.1.1 eMSP got, ended and deleted by its CPO before the minute's check of validity periods has run.</summary>
    private static async Task EndAndDeleteAsync(RoamingNetwork net, FakeTimeProvider clock)
    {
        await PutAsync(net, "ENDING", ("end_date_time", Start.AddSeconds(30)));
        await ChangesAsync(net.Emsp211, 1);
        clock.Advance(TimeSpan.FromSeconds(40));
        using var delete = await net.SendAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/ENDING");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }

    /// <summary>Waits for the check of validity periods to have run at <paramref name="at"/> or later.</summary>
    private static Task ValidityCheckedAsync(RoamingNetwork net, DateTimeOffset at) =>
        Eventually.UntilAsync(() => net.Hub.Service<JobMarkStore>().ReachedAsync(TariffValidity.JobName), reached => reached >= at, $"validity periods checked at {at}");

    private static async Task PutAsync(RoamingNetwork net, string id, (string Field, DateTimeOffset At) bound, HttpStatusCode expected = HttpStatusCode.Created,
        string? type = null)
    {
        var tariff = JsonNode.Parse(TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", id, type))!;
        tariff[bound.Field] = Wire(bound.At);
        using var put = await net.SendAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{id}", tariff.ToJsonString());
        Assert.Equal(expected, put.StatusCode);
    }

    /// <summary>A Location of C22 whose connector lists <paramref name="tariffIds"/> (JSON strings).</summary>
    private static async Task PutLocationAsync(RoamingNetwork net, string id, params string[] tariffIds)
    {
        var location = LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", id), tariffIds);
        using var put = await net.SendAsync(net.Cpo221, HttpMethod.Put, $"receiver/locations/NL/C22/{id}", location);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    /// <summary>The tariff_id of the connector of a 2.1.1 Location PUT.</summary>
    private static string TariffIdOf(Simulator.RecordedRequest put) =>
        JsonNode.Parse(put.Body)!["evses"]![0]!["connectors"]![0]!["tariff_id"]!.GetValue<string>();

    private static string Wire(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static Task<IReadOnlyList<Simulator.RecordedRequest>> ChangesAsync(Simulator.SimulatedPartner emsp, int count) =>
        RoamingNetwork.ChangesAsync(emsp, "tariffs", count);
}
