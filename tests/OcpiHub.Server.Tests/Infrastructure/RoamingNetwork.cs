using System.Text;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A hub with CPOs of 2.1.1 (NL*C11) and 2.2.1 (NL*C22) and eMSPs of 2.1.1 (DE*E11), 2.2.1 (DE*E22) and 2.3.0
/// (DE*E30), connected from both sides; C22 serves its sender lists 500 to a page. Agreements: C11 with E11 and E30, C22 with E22 and E30; E11 and C22,
/// E22 and C11 have none (<see cref="StartChargingAsync"/> adds C22 with E11 and the data sessions need).
/// </summary>
public sealed class RoamingNetwork : IAsyncDisposable
{
    public required HubUnderTest Hub { get; init; }
    public required SimulatedPartner Cpo211 { get; init; }
    public required SimulatedPartner Cpo221 { get; init; }
    public required SimulatedPartner Emsp211 { get; init; }
    public required SimulatedPartner Emsp221 { get; init; }
    public required SimulatedPartner Emsp230 { get; init; }

    public IEnumerable<SimulatedPartner> Members => [Cpo211, Cpo221, Emsp211, Emsp221, Emsp230];

    public IEnumerable<SimulatedPartner> Emsps => [Emsp211, Emsp221, Emsp230];

    public static Task<RoamingNetwork> StartAsync(StorageKind storage, params string[] settings) => StartAsync(storage, null, settings);

    /// <summary>The network around a hub whose clock is <paramref name="clock"/> (the system clock when null).</summary>
    public static async Task<RoamingNetwork> StartAsync(StorageKind storage, TimeProvider? clock, params string[] settings)
    {
        var hub = await HubUnderTest.StartAsync(storage, clock, settings);
        var network = new RoamingNetwork
        {
            Hub = hub,
            Cpo211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("CPO", "C11")),
            Cpo221 = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "C22"), maxPageSize: 500),
            Emsp211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "E11", "DE")),
            Emsp221 = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE")),
            Emsp230 = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "E30", "DE")),
        };
        await Partners.ConnectAsync(hub, network.Cpo211, Initiator.Partner);
        await Partners.ConnectAsync(hub, network.Cpo221, Initiator.Hub);
        await Partners.ConnectAsync(hub, network.Emsp211, Initiator.Hub);
        await Partners.ConnectAsync(hub, network.Emsp221, Initiator.Partner);
        await Partners.ConnectAsync(hub, network.Emsp230, Initiator.Partner);
        foreach (var (cpo, emsp) in new[] { ("NL*C11", "DE*E11"), ("NL*C11", "DE*E30"), ("NL*C22", "DE*E22"), ("NL*C22", "DE*E30") })
            await network.AgreeAsync(cpo, emsp);
        // Each agreement queued ClientInfo for both sides: the network is ready once they are sent, so that
        // a test's own deliveries, and what it counts at the partners, start from a quiet hub.
        await hub.QueueEmptyAsync("the set-up's ClientInfo sent");
        return network;
    }

    /// <summary>
    /// The network ready for charging: also C22 with E11, every eMSP with one token (contract id
    /// <c>DE-{eMSP}-C1</c>) in the hub's store, and each CPO with one Location (LOC11, LOC22).
    /// </summary>
    public static async Task<RoamingNetwork> StartChargingAsync(StorageKind storage, params string[] settings)
    {
        var network = await StartAsync(storage, settings);
        await network.AgreeAsync("NL*C22", "DE*E11");
        foreach (var emsp in new[] { "E11", "E22", "E30" })
            await network.StoreTokenAsync(emsp);
        await network.SendOkAsync(network.Cpo211, HttpMethod.Put, "receiver/locations/NL/C11/LOC11", LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC11"));
        await network.SendOkAsync(network.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC22", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC22"));
        return network;
    }

    /// <summary>The hub's id of the platform carrying the party <paramref name="partyId"/>.</summary>
    public async Task<string> PlatformIdAsync(string partyId) =>
        (await Hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray()
        .Single(p => p!["parties"]!.AsArray().Any(party => party!["party_id"]!.GetValue<string>() == partyId))!["id"]!.GetValue<string>();

    /// <summary>The id of the agreement between <paramref name="cpo"/> and <paramref name="emsp"/> (the one there is, or the last made).</summary>
    public async Task<string> AgreementIdAsync(string cpo, string emsp) =>
        (await Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray()
        .Last(a => a!["cpo"]!.GetValue<string>() == cpo && a["emsp"]!.GetValue<string>() == emsp)!["id"]!.GetValue<string>();

    /// <summary>Makes an agreement and waits until it has queued all it brings each side; its id.</summary>
    public Task<string> AgreeAsync(string cpo, string emsp) => Hub.AgreeAsync(cpo, emsp);

    /// <summary>Waits until agreement <paramref name="id"/> has queued all it brings each side.</summary>
    public Task CaughtUpAsync(string id) => Hub.CaughtUpAsync(id);

    /// <summary>A request of <paramref name="partner"/> to the hub, in its version: <c>{path}</c> follows <c>/ocpi/{version}/</c>.</summary>
    public async Task<HttpResponseMessage> SendAsync(SimulatedPartner partner, HttpMethod method, string path, string? body = null,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, $"{Hub.BaseUrl}/ocpi/{partner.Options.Version.ToWire()}/{path}");
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await partner.SendToHubAsync(request);
        if (method == HttpMethod.Get)
            await CheckServedAsync(request.RequestUri!, response);
        return response;
    }

    /// <summary>A success the hub served on a GET (a page or one object), checked against the schema of its version and object.</summary>
    private static async Task CheckServedAsync(Uri url, HttpResponseMessage response)
    {
        await response.Content.LoadIntoBufferAsync();
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode && System.Text.Json.Nodes.JsonNode.Parse(text)?["status_code"]?.GetValue<int>() == 1000)
            SchemaOracle.AssertValidServed(url.AbsolutePath, text);
    }

    /// <summary>The changes (PUT, PATCH, DELETE) of <paramref name="module"/> the hub has sent to <paramref name="partner"/>.</summary>
    public static IReadOnlyList<RecordedRequest> Changes(SimulatedPartner partner, string module) =>
        partner.CheckedRequests().Where(r => r.Method is "PUT" or "PATCH" or "DELETE" && r.Path.Contains($"/{module}/", StringComparison.Ordinal)).ToList();

    public static Task<IReadOnlyList<RecordedRequest>> ChangesAsync(SimulatedPartner partner, string module, int count) =>
        Eventually.UntilAsync(() => Changes(partner, module), c => c.Count >= count, $"{count} {module} changes at {partner.Options.Parties[0].PartyId}");

    /// <summary>Follows <c>Link</c> from the first page of the hub's sender interface; the <paramref name="idField"/> of every object.</summary>
    public async Task<List<string>> PullAllAsync(SimulatedPartner reader, string module, string idField, string query) =>
        (await PagesAsync(reader, module, idField, query)).SelectMany(page => page).ToList();

    /// <summary>
    /// Follows <c>Link</c> from the first page of the hub's sender interface (at most <paramref name="maxPages"/>); the
    /// <paramref name="idField"/> of each object, page by page.
    /// </summary>
    public async Task<List<List<string>>> PagesAsync(SimulatedPartner reader, string module, string idField, string query, int maxPages = 20)
    {
        var pages = new List<List<string>>();
        string? url = $"{Hub.BaseUrl}/ocpi/{reader.Options.Version.ToWire()}/sender/{module}?{query}";
        while (url is not null && pages.Count < maxPages)
        {
            using var response = await reader.SendToHubAsync(HttpMethod.Get, url);
            await CheckServedAsync(new Uri(url), response);
            var envelope = await Partners.EnvelopeAsync(response);
            Assert.Equal(1000, envelope["status_code"]!.GetValue<int>());
            pages.Add(envelope["data"]!.AsArray().Select(o => o![idField]!.GetValue<string>()).ToList());
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        return pages;
    }

    /// <summary>
    /// The eMSP's token as the Tokens module stores it (canonical JSON under the owner): what a 2.1.1 Session or
    /// CDR is placed by.
    /// </summary>
    private async Task StoreTokenAsync(string emsp)
    {
        var owner = new PartyKey("DE", emsp);
        var contractId = ChargeJson.ContractId(emsp);
        var body = $$"""
            {"country_code":"DE","party_id":"{{emsp}}","uid":"UID-{{contractId}}","type":"RFID","contract_id":"{{contractId}}","issuer":"eMSP {{emsp}}",
             "valid":true,"whitelist":"ALWAYS","last_updated":"2026-10-01T00:00:00Z"}
            """;
        var now = DateTimeOffset.UtcNow;
        await Hub.Service<IDataStore>().SaveAsync([new StoredObject(DataModule.Tokens, owner, $"UID-{contractId}?type=RFID", now, body, null, now)]);
    }

    /// <summary>A request that must succeed (OCPI 1000); returns the response for its headers.</summary>
    public async Task<HttpResponseMessage> SendOkAsync(SimulatedPartner partner, HttpMethod method, string path, string? body = null)
    {
        var response = await SendAsync(partner, method, path, body);
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"{method} {path}: {envelope}");
        return response;
    }

    /// <summary>
    /// Every page of <paramref name="module"/> the hub serves <paramref name="emsp"/> since the network's first
    /// charge, two objects a page; the <paramref name="field"/> of each object.
    /// </summary>
    public async Task<List<string>> PullAsync(SimulatedPartner emsp, string module, string field = "id")
    {
        var values = new List<string>();
        string? url = $"{Hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/sender/{module}?date_from=2026-10-01T00:00:00Z&limit=2";
        for (var pages = 0; url is not null && pages < 10; pages++)
        {
            using var response = await emsp.SendToHubAsync(HttpMethod.Get, url);
            await CheckServedAsync(new Uri(url), response);
            var envelope = await Partners.EnvelopeAsync(response);
            Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
            values.AddRange(envelope["data"]!.AsArray().Select(o => o![field]!.GetValue<string>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        return values;
    }

    /// <summary>What the hub sent <paramref name="partner"/> in <paramref name="module"/> (the Location pushes of the setup are not counted).</summary>
    public static IReadOnlyList<RecordedRequest> Received(SimulatedPartner partner, string module) =>
        partner.CheckedRequests().Where(r => r.Method != "GET" && r.Path.Contains($"/{module}", StringComparison.Ordinal)).ToList();

    public static Task<IReadOnlyList<RecordedRequest>> ReceivedAsync(SimulatedPartner partner, string module, int count) =>
        Eventually.UntilAsync(() => Received(partner, module), r => r.Count >= count, $"{count} {module} requests at {partner.Options.Parties[0].PartyId}");

    /// <summary>Waits for the deliveries expected, gives those that should not happen time to happen, then checks that they did not.</summary>
    public Task AssertNothingMoreAsync(string module, params (SimulatedPartner Partner, int Count)[] expected) =>
        AssertNothingMoreAsync(module, Emsps, expected);

    /// <summary>The same, watching <paramref name="watched"/>: those not named in <paramref name="expected"/> must receive nothing.</summary>
    public static async Task AssertNothingMoreAsync(string module, IEnumerable<SimulatedPartner> watched, params (SimulatedPartner Partner, int Count)[] expected)
    {
        // Deliveries are asynchronous: first wait (bounded) for those expected, then give extra ones time to show.
        foreach (var (partner, count) in expected)
            await ReceivedAsync(partner, module, count);
        await Task.Delay(400);
        foreach (var partner in watched)
        {
            var count = expected.Where(e => e.Partner == partner).Sum(e => e.Count);
            Assert.True(Received(partner, module).Count == count,
                $"{partner.Options.Parties[0].PartyId} got {Received(partner, module).Count} {module} requests, expected {count}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partner in Members)
            await partner.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
