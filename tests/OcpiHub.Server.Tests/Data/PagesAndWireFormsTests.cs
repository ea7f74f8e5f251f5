using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Data;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The hub's sender interface read as clients read it, over real HTTP: a walk along <c>Link</c> (a cursor of the
/// last object's position) gets every object once while objects are changed, added and removed during the walk;
/// a client's own <c>offset</c> and <c>date_from</c>/<c>date_to</c> still place and filter pages; and the wire form
/// the hub keeps of each object is never served after the object, or a 2.1.1 reader's settings, changed, also
/// when the change came through another hub node. On SQLite and PostgreSQL.
/// </summary>
public class PagesAndWireFormsTests
{
    private static string Updated(int minute) => $"2026-11-01T10:{minute:D2}:00Z";

    private static async Task PutTariffAsync(RoamingNetwork net, string id, int minute) =>
        (await net.SendAsync(net.Cpo221, HttpMethod.Put, $"receiver/tariffs/NL/C22/{id}", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", id, updated: Updated(minute))))
        .Dispose();

    private static async Task<(List<string> Ids, string? Next)> PageAsync(SimulatedPartner reader, string url)
    {
        using var response = await reader.SendToHubAsync(HttpMethod.Get, url);
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        var next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        return (envelope["data"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList(), next);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_link_walk_gets_every_object_once_while_objects_are_changed_added_and_removed(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var first = Enumerable.Range(1, 12).Select(i => $"T{i:D2}").ToList();
        foreach (var (id, i) in first.Select((id, i) => (id, i)))
            await PutTariffAsync(net, id, i);

        var seen = new List<string>();
        var added = new List<string>();
        string? url = $"{net.Hub.BaseUrl}/ocpi/2.3.0/sender/tariffs?limit=3";
        for (var page = 0; url is not null && page < 20; page++)
        {
            var (ids, next) = await PageAsync(net.Emsp230, url);
            seen.AddRange(ids);
            Assert.DoesNotContain("offset=", next ?? "");
            // Between pages: an object already read is changed and one is removed, one not read yet is changed,
            // and a new one is added.
            if (page < 3)
            {
                await PutTariffAsync(net, ids[0], 30 + page);
                (await net.SendAsync(net.Cpo221, HttpMethod.Delete, $"receiver/tariffs/NL/C22/{ids[1]}")).Dispose();
                await PutTariffAsync(net, first[^(page + 1)], 40 + page);
                added.Add($"N{page}");
                await PutTariffAsync(net, added[^1], 50 + page);
            }
            url = next;
        }

        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal(first.Concat(added).Order(), seen.Order());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_clients_offset_and_date_filters_place_and_filter_the_pages_the_link_continues(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        for (var i = 1; i <= 9; i++)
            await PutTariffAsync(net, $"T{i}", i);
        var tariffs = $"{net.Hub.BaseUrl}/ocpi/2.3.0/sender/tariffs";

        var (fromOffset, next) = await PageAsync(net.Emsp230, $"{tariffs}?offset=4&limit=2");
        Assert.Equal(["T5", "T6"], fromOffset);
        Assert.Equal(["T7", "T8"], (await PageAsync(net.Emsp230, next!)).Ids);

        // date_from inclusive, date_to exclusive, carried by every Link, with an offset into what they leave.
        var filter = $"date_from={Updated(3)}&date_to={Updated(8)}";
        Assert.Equal(["T4", "T5", "T6", "T7"], await net.PullAllAsync(net.Emsp230, "tariffs", "id", $"offset=1&limit=1&{filter}"));
        Assert.Equal(["T3", "T4", "T5", "T6", "T7"], await net.PullAllAsync(net.Emsp221, "tariffs", "id", $"limit=2&{filter}"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cursor_the_hub_did_not_write_is_refused_with_an_ocpi_error(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        using var response = await net.Emsp230.SendToHubAsync(HttpMethod.Get, $"{net.Hub.BaseUrl}/ocpi/2.3.0/sender/tariffs?cursor=not-a-cursor");
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.Equal(2001, envelope["status_code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_served_location_evse_and_page_change_when_the_location_changes(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        Assert.Equal("AVAILABLE", (await ServedAsync(net, net.Emsp230, "locations/L1/L1-E1"))["status"]!.GetValue<string>());
        Assert.NotEqual("Renamed", (await ServedAsync(net, net.Emsp230, "locations/L1"))["name"]?.GetValue<string>());
        Assert.NotEqual("Renamed", (await ServedAsync(net, net.Emsp230, "locations"))[0]!["name"]?.GetValue<string>());

        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/L1", """{"name":"Renamed","last_updated":"2026-11-02T10:00:00Z"}""");
        await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/L1/L1-E1", """{"status":"CHARGING","last_updated":"2026-11-02T10:00:00Z"}""");

        Assert.Equal("CHARGING", (await ServedAsync(net, net.Emsp230, "locations/L1/L1-E1"))["status"]!.GetValue<string>());
        Assert.Equal("Renamed", (await ServedAsync(net, net.Emsp230, "locations/L1"))["name"]!.GetValue<string>());
        Assert.Equal("Renamed", (await ServedAsync(net, net.Emsp230, "locations"))[0]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_2_1_1_locations_of_a_page_read_the_tariffs_they_share_once(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await PutTariffAsync(net, "T1", 0);
        string[] ids = ["L1", "L2", "L3"];
        foreach (var id in ids)
            await net.SendOkAsync(net.Cpo221, HttpMethod.Put, $"receiver/locations/NL/C22/{id}", LocationJson.Location(OcpiVersion.V221, "NL", "C22", id));
        var (store, calls) = CountingStore.Around(net.Hub.Service<IDataStore>());
        var lookup = new StoreLookup(store);
        var page = new StoreLookup.KnownObjects();
        var owner = new PartyKey("NL", "C22");

        foreach (var id in ids)
        {
            var location = (OcpiHub.Protocol.V230.Location)Canonical.FromJson((await store.FindAsync(DataModule.Locations, owner, id))!.Body, typeof(OcpiHub.Protocol.V230.Location));
            var (served, _) = await lookup.TranslateNotingLookupsAsync(
                found => OcpiHub.Protocol.V211.Translator.FromCanonical(location, new TranslationContext(new("NL", "C22"), found)), DateTimeOffset.UtcNow, default, page);
            Assert.Equal("T1", served.Evses![0].Connectors![0].TariffId);
        }

        Assert.Equal(1, calls.Count(nameof(IDataStore.FindManyAsync), DataModule.Tariffs));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_readers_kept_location_names_the_tariff_its_connector_gets_as_the_tariffs_change(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.AgreeAsync("NL*C22", "DE*E11");
        await PutTariffAsync(net, "T1", 0);
        await PutTariffAsync(net, "T2", 0);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"), "T1", "T2"));

        Assert.Equal(("T1", "T1"), await ConnectorTariffsAt211Async(net));
        Assert.NotNull(await KeptFormAsync(net, "L1", OcpiVersion.V211));
        Assert.Equal(("T1", "T1"), await ConnectorTariffsAt211Async(net));

        // T1 becomes a tariff 2.1.1 readers are not given (ad hoc), then one they are again.
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T1", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1", "AD_HOC_PAYMENT", Updated(1)));
        Assert.Equal(("T2", "T2"), await ConnectorTariffsAt211Async(net));
        await PutTariffAsync(net, "T1", 2);
        Assert.Equal(("T1", "T1"), await ConnectorTariffsAt211Async(net));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_readers_kept_location_names_the_next_tariff_once_the_first_ends(StorageKind storage)
    {
        var start = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var net = await RoamingNetwork.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");
        await net.AgreeAsync("NL*C22", "DE*E11");
        var ending = JsonNode.Parse(TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T1"))!;
        ending["end_date_time"] = "2026-12-01T13:00:30Z";
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T1", ending.ToJsonString());
        await PutTariffAsync(net, "T2", 0);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.WithTariffIds(LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"), "T1", "T2"));
        // The minute's check of validity periods last runs before the end: what the Location's 2.1.1 form was made
        // from is as it was, and only the end tells the kept form from the one to serve.
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync(() => net.Hub.Service<JobMarkStore>().ReachedAsync(TariffValidity.JobName), reached => reached >= clock.GetUtcNow(),
            "validity periods checked before the end");
        Assert.Equal(("T1", "T1"), await ConnectorTariffsAt211Async(net));
        Assert.NotNull(await KeptFormAsync(net, "L1", OcpiVersion.V211));
        var rowVersion = (await StampAsync(net, "L1")).RowVersion;

        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(("T2", "T2"), await ConnectorTariffsAt211Async(net));
        Assert.Equal(rowVersion, (await StampAsync(net, "L1")).RowVersion);
    }

    /// <summary>The tariff the connector of L1 names to the 2.1.1 eMSP E11, served alone and on a page.</summary>
    private static async Task<(string?, string?)> ConnectorTariffsAt211Async(RoamingNetwork net)
    {
        static string? TariffOf(JsonNode location) => location["evses"]![0]!["connectors"]![0]!["tariff_id"]?.GetValue<string>();
        return (TariffOf(await ServedAsync(net, net.Emsp211, "locations/L1")), TariffOf((await ServedAsync(net, net.Emsp211, "locations"))[0]!));
    }

    /// <summary>The whole-object wire form the hub keeps of C22's Location <paramref name="id"/> for readers of <paramref name="version"/>, if any.</summary>
    private static async Task<KeptObject.Form?> KeptFormAsync(RoamingNetwork net, string id, OcpiVersion version) =>
        net.Hub.Service<WireForms>().Of(DataModule.Locations, await StampAsync(net, id))?.FormOf(version, "", null);

    private static async Task<ObjectStamp> StampAsync(RoamingNetwork net, string id) =>
        Assert.Single(await net.Hub.Service<IDataStore>().StampsByIdAsync(DataModule.Locations, [new PartyKey("NL", "C22")], id));

    /// <summary>A store that counts the calls made through it, by method and module.</summary>
    public class CountingStore : DispatchProxy
    {
        private IDataStore inner = null!;
        private readonly List<(string Method, DataModule? Module)> calls = [];

        public static (IDataStore Store, CountingStore Calls) Around(IDataStore inner)
        {
            var proxy = Create<IDataStore, CountingStore>();
            var counting = (CountingStore)(object)proxy;
            counting.inner = inner;
            return (proxy, counting);
        }

        public int Count(string method)
        {
            lock (calls)
                return calls.Count(c => c.Method == method);
        }

        public int Count(string method, DataModule module)
        {
            lock (calls)
                return calls.Count(c => c.Method == method && c.Module == module);
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            lock (calls)
                calls.Add((method!.Name, args?.OfType<DataModule>().Cast<DataModule?>().FirstOrDefault()));
            return method.Invoke(inner, args);
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_object_that_keeps_changing_keeps_one_wire_form_per_form_not_one_per_change(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L1"));
        await ServedAsync(net, net.Emsp230, "locations");
        var forms = net.Hub.Service<OcpiHub.Server.Data.WireForms>();
        var kept = forms.Count;
        Assert.True(kept > 0, "the page was served from kept wire forms");

        // An EVSE's day: its status changes, and a reader reads the page after each change.
        for (var change = 1; change <= 10; change++)
        {
            var status = change % 2 == 1 ? "CHARGING" : "AVAILABLE";
            await net.SendOkAsync(net.Cpo221, HttpMethod.Patch, "receiver/locations/NL/C22/L1/L1-E1", $$"""{"status":"{{status}}","last_updated":"{{Updated(change)}}"}""");
            var served = (await ServedAsync(net, net.Emsp230, "locations"))[0]!["evses"]!.AsArray().Single(e => e!["uid"]!.GetValue<string>() == "L1-E1")!;
            Assert.Equal(status, served["status"]!.GetValue<string>());
            Assert.Equal(kept, forms.Count);
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_readers_served_locations_follow_its_owner_name_setting(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/locations/NL/C11/L1", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "L1"));
        var platform = await net.PlatformIdAsync("E11");
        async Task<(string?, string?)> OperatorNamesAsync() => (
            (await ServedAsync(net, net.Emsp211, "locations/L1"))["operator"]?["name"]?.GetValue<string>(),
            (await ServedAsync(net, net.Emsp211, "locations"))[0]!["operator"]?["name"]?.GetValue<string>());

        var asSent = await OperatorNamesAsync();
        Assert.NotEqual(("CPO C11", "CPO C11"), asSent);
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform}", new { settings = new { v211_rewrite_owner_names = true } });
        Assert.Equal(("CPO C11", "CPO C11"), await OperatorNamesAsync());
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform}", new { settings = new { v211_rewrite_owner_names = false } });
        Assert.Equal(asSent, await OperatorNamesAsync());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_node_serves_a_location_as_another_node_last_changed_it(StorageKind storage)
    {
        await using var first = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await DeliveryTests.ConnectAsync(first, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        await using var second = await first.StartAnotherNodeAsync();
        async Task<string> NameAtFirstAsync()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{first.BaseUrl}/ocpi/2.2.1/sender/locations/L1");
            request.Headers.Add("OCPI-to-country-code", "NL");
            request.Headers.Add("OCPI-to-party-id", "CPA");
            using var response = await emsp.SendToHubAsync(request);
            return (await Partners.EnvelopeAsync(response))["data"]!["name"]!.GetValue<string>();
        }
        async Task PatchAtSecondAsync(string name)
        {
            using var response = await cpo.SendToHubAsync(HttpMethod.Patch, $"{second.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1",
                $$"""{"name":"{{name}}","last_updated":"2026-11-02T10:00:00Z"}""");
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        using (var put = await cpo.SendToHubAsync(HttpMethod.Put, $"{first.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/CPA/L1",
                   LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1")))
            Assert.True(put.IsSuccessStatusCode);

        await PatchAtSecondAsync("First name");
        Assert.Equal("First name", await NameAtFirstAsync());
        await PatchAtSecondAsync("Second name");
        Assert.Equal("Second name", await NameAtFirstAsync());
    }

    /// <summary>What the hub's sender interface serves <paramref name="reader"/> (checked against its version's schema).</summary>
    private static async Task<JsonNode> ServedAsync(RoamingNetwork net, SimulatedPartner reader, string path)
    {
        // A single object of 2.2.1+ names its owner; a page and a 2.1.1 GET need not.
        (string, string)[] to = reader.Options.Version == OcpiVersion.V211 || !path.Contains('/') ? [] : [("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", "C22")];
        using var response = await net.SendAsync(reader, HttpMethod.Get, $"sender/{path}", null, to);
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        return envelope["data"]!;
    }
}
