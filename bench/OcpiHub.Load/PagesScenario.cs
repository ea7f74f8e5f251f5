using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// S2: an eMSP reads pages of 100 Locations (following <c>Link</c>) and single Locations (naming the CPO in
/// OCPI-to-*) from a hub holding N Locations of one CPO it has an agreement with, and the two Tariffs their connectors
/// name; the eMSP is a 2.2.1 one or, with <c>--reader 2.1.1</c>, a 2.1.1 one, whose connectors name one Tariff each
/// (read from the store for every page it is given). The baseline is bare Kestrel
/// answering the same bytes the hub answered, in the same process and run; a new Tariff the CPO pushes (checked against
/// the Locations naming it before its answer) is compared with a price change of one (not checked); the last page, by
/// <c>Link</c> and by a client's offset, and a page with <c>X-Total-Count</c> are compared with the first. On SQLite or, with
/// <c>--database postgresql</c>, on a scratch database of the PostgreSQL server of <c>OCPIHUB_TEST_POSTGRES</c>.
/// </summary>
public static class PagesScenario
{
    private const int PageSize = 100;

    public static async Task RunAsync(LoadSettings settings)
    {
        var cpoParty = new SimulatedParty("NL", "CPO", "CPO", "Load CPO");
        var emspParty = new SimulatedParty("DE", "EMS", "EMSP", "Load eMSP");
        await using var database = await ScratchDatabase.CreateAsync(settings.Database == "postgresql");
        await using var hub = await LoopbackHub.StartAsync(database.ConnectionString is { } server ? [$"--Hub:PostgreSql={server}"] : []);
        Report.Line($"S2 on {(database.ConnectionString is null ? "SQLite" : "PostgreSQL")}");
        await using var cpo = await hub.StartPartnerAsync(OcpiVersion.V221, cpoParty);
        var reader = OcpiVersions.TryParse(settings.Reader, out var version) ? version : throw new ArgumentException($"--reader {settings.Reader}: not an OCPI version");
        await using var emsp = await hub.StartPartnerAsync(reader, emspParty);
        await hub.AgreeAsync(cpoParty, emspParty);

        var seeding = await LocationSeeding.SeedAsync(hub.Service<IDataStore>(), new PartyKey("NL", "CPO"), settings.Locations, settings.Unpublished);
        // What the eMSP may see: the Locations not unpublished.
        var seen = Enumerable.Range(0, settings.Locations).Where(n => !LocationSeeding.IsUnpublished(n, settings.Locations, settings.Unpublished)).ToArray();
        Report.Line($"S2: seeded {settings.Locations} Locations ({settings.Locations - seen.Length} unpublished, for a token of none) and their Tariffs straight into the store in {seeding.TotalSeconds:F1} s; the eMSP reads {reader.ToWire()}");
        if (settings.Tokens > 0)
        {
            var tokenSeeding = await LocationSeeding.SeedTokensAsync(hub.Service<IDataStore>(), new PartyKey("FR", "OTH"), settings.Tokens);
            Report.Line($"S2: seeded {settings.Tokens} tokens of another eMSP in {tokenSeeding.TotalSeconds:F1} s");
        }

        var token = emsp.TokenToCallHub!;
        var pagesUrl = $"{hub.BaseUrl}/ocpi/{reader.ToWire()}/sender/locations";
        using var http = OcpiRequests.NewClient();
        var firstPage = await CaptureAsync(http, OcpiRequests.Create(HttpMethod.Get, $"{pagesUrl}?offset=0&limit={PageSize}", token), "Link", "X-Limit");
        var single = await CaptureAsync(http, OcpiRequests.Create(HttpMethod.Get, $"{pagesUrl}/LOC000042", token, to: ("NL", "CPO")),
            "OCPI-from-country-code", "OCPI-from-party-id", "OCPI-to-country-code", "OCPI-to-party-id");
        Report.Line($"S2: a page is {firstPage.Body.Length / 1024.0:F1} KB, a single Location {single.Body.Length / 1024.0:F1} KB");
        await using var raw = await RawServer.StartAsync(new Dictionary<string, CapturedResponse> { ["/page"] = firstPage, ["/single"] = single });

        // The first walk makes each object's wire form (WireForms); the measured walks below read kept ones, as every
        // reader of a version after the first does.
        var firstWalk = System.Diagnostics.Stopwatch.StartNew();
        var pages = await WalkAllAsync(http, $"{pagesUrl}?offset=0&limit={PageSize}", token);
        Report.Line($"S2: a first walk along `Link` read {pages} pages in {firstWalk.Elapsed.TotalSeconds:F1} s ({pages / firstWalk.Elapsed.TotalSeconds:F0} pages/s, one client)");

        var rows = new List<(string, LoadFigures, LoadFigures)>();
        foreach (var concurrency in settings.Concurrencies)
        {
            var walk = new PageWalk(pagesUrl, seen.Length, concurrency);
            var baseline = await MeasureAsync(settings, concurrency, _ => Get(http, $"{raw.BaseUrl}/page", token));
            var hubPages = await MeasureAsync(settings, concurrency, loop => walk.NextAsync(http, loop, token));
            rows.Add(($"page of {PageSize}, walking `Link`", baseline, hubPages));
        }
        foreach (var concurrency in settings.Concurrencies)
        {
            var baseline = await MeasureAsync(settings, concurrency, _ => Get(http, $"{raw.BaseUrl}/single", token));
            var hubSingle = await MeasureAsync(settings, concurrency, _ =>
                Get(http, $"{pagesUrl}/LOC{seen[Random.Shared.Next(seen.Length)]:D6}", token, ("NL", "CPO")));
            rows.Add(("single Location, OCPI-to", baseline, hubSingle));
        }

        // A CPO's new Tariff is checked, before its answer, against the Locations naming it (a 2.1.1 connector names one
        // of its tariff_ids, and a new one may be chosen); a changed price is not, as it changes no such choice.
        var pushes = 0;
        var priceChange = await MeasureAsync(settings, 1, _ => PutTariffAsync(http, hub, cpo, cpoParty, "AC1", ++pushes));
        var newTariff = await MeasureAsync(settings, 1, _ => PutTariffAsync(http, hub, cpo, cpoParty, $"NEW{++pushes}", pushes));
        rows.Add(("a new Tariff vs a price change, both pushed by the CPO", priceChange, newTariff));

        // Where a page lies: the first page against the last, reached by the Link of the one before it (a cursor)
        // and by a client's own offset, one client.
        var lastOffset = seen.Length - PageSize;
        var beforeLast = await CaptureAsync(http, OcpiRequests.Create(HttpMethod.Get, $"{pagesUrl}?offset={lastOffset - PageSize}&limit={PageSize}", token), "Link");
        var link = beforeLast.Headers.Single(h => h.Name == "Link").Value;
        var lastByLink = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        var first = await MeasureAsync(settings, 1, _ => Get(http, $"{pagesUrl}?offset=0&limit={PageSize}", token));
        rows.Add(("last page by `Link` vs first page, both hub", first, await MeasureAsync(settings, 1, _ => Get(http, lastByLink, token))));
        rows.Add(($"last page by offset {lastOffset} vs first page, both hub", first,
            await MeasureAsync(settings, 1, _ => Get(http, $"{pagesUrl}?offset={lastOffset}&limit={PageSize}", token))));

        // X-Total-Count (a platform's setting) counts what the reader may see of every page's query.
        foreach (var platform in (await hub.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray())
            await hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{platform!["id"]}", new { settings = new { total_count_header = true } });
        var counted = await CaptureAsync(http, OcpiRequests.Create(HttpMethod.Get, $"{pagesUrl}?offset=0&limit={PageSize}", token), "X-Total-Count");
        if (counted.Headers.SingleOrDefault(h => h.Name == "X-Total-Count").Value != seen.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"X-Total-Count: expected {seen.Length}, got {string.Join(", ", counted.Headers)}");
        rows.Add(("first page with X-Total-Count vs without, both hub", first,
            await MeasureAsync(settings, 1, _ => Get(http, $"{pagesUrl}?offset=0&limit={PageSize}", token))));
        Report.Comparisons("S2", "baseline", "hub", rows);
    }

    /// <summary>Follows <c>Link</c> from <paramref name="url"/> to the last page; how many pages it read.</summary>
    private static async Task<int> WalkAllAsync(HttpClient http, string url, string token)
    {
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            var (ok, response) = await OcpiRequests.SendStreamingAsync(http, OcpiRequests.Create(HttpMethod.Get, next, token));
            using (response)
            {
                if (!ok)
                    throw new InvalidOperationException($"{next}: HTTP {(int)response.StatusCode}");
                next = PageWalk.NextUrl(response);
            }
        }
        return pages;
    }

    private static async Task<LoadFigures> MeasureAsync(LoadSettings settings, int concurrency, Func<int, Task<bool>> call)
    {
        await TimedLoop.RunAsync(concurrency, settings.Warmup, int.MaxValue, call);
        return await TimedLoop.RunAsync(concurrency, settings.Duration, settings.MaxRequests, call);
    }

    /// <summary>The CPO's PUT of Tariff <paramref name="id"/>, its price and last_updated moved by <paramref name="count"/>.</summary>
    private static async Task<bool> PutTariffAsync(HttpClient http, LoopbackHub hub, SimulatedPartner cpo, SimulatedParty owner, string id, int count)
    {
        var tariff = SampleData.Tariff(OcpiVersion.V221, owner, 1, DateTimeOffset.UtcNow.AddDays(-1).AddMilliseconds(count));
        tariff["id"] = id;
        tariff["elements"]![0]!["price_components"]![0]!["price"] = 0.30m + count % 100 / 1000m;
        var url = $"{hub.BaseUrl}/ocpi/2.2.1/receiver/tariffs/{owner.CountryCode}/{owner.PartyId}/{id}";
        var request = OcpiRequests.Create(HttpMethod.Put, url, cpo.TokenToCallHub!, from: (owner.CountryCode, owner.PartyId), to: ("DE", "HUB"));
        request.Content = new StringContent(tariff.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var (ok, response) = await OcpiRequests.SendAsync(http, request);
        response.Dispose();
        return ok;
    }

    private static async Task<bool> Get(HttpClient http, string url, string token, (string, string)? to = null)
    {
        var (ok, response) = await OcpiRequests.SendStreamingAsync(http, OcpiRequests.Create(HttpMethod.Get, url, token, to: to));
        response.Dispose();
        return ok;
    }

    private static async Task<CapturedResponse> CaptureAsync(HttpClient http, HttpRequestMessage request, params string[] headers)
    {
        var (ok, response) = await OcpiRequests.SendAsync(http, request);
        using (response)
        {
            if (!ok)
                throw new InvalidOperationException($"{request.RequestUri}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await CapturedResponse.FromAsync(response, headers);
        }
    }
}
