using OcpiHub.Protocol;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Data;
using OcpiHub.Server.Onboarding;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Tracing;
using OcpiHub.Simulator;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Onboarding;

/// <summary>
/// The hub's page reader against a real simulated CPO over loopback: it follows Link, passes filters through,
/// retries a failed page, gives up with a clear reason, stops on a repeating Link, and resumes from a stored URL.
/// </summary>
public sealed class PageReaderTests
{
    private static readonly PagePolicy Quick = new(TimeSpan.FromSeconds(10), Retries: 3, Backoff: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task Reads_2500_objects_in_5_pages_following_link_under_one_correlation_id()
    {
        await using var setup = await Setup.StartAsync(2500);
        var correlationId = "pull-" + Guid.NewGuid();
        var routing = new Dictionary<string, string> { [RoutingHeaders.FromCountry] = "NL", [RoutingHeaders.FromParty] = "HUB" };

        var pages = await setup.ReadAsync(setup.Locations + "?limit=1000", correlationId: correlationId, headers: routing);

        Assert.Equal([500, 500, 500, 500, 500], pages.Select(p => p.Items.Count));
        Assert.Equal(Enumerable.Range(0, 2500).Select(Id), pages.SelectMany(p => p.Items).Select(o => o.GetProperty("id").GetString()));
        Assert.All(pages, p => Assert.Equal((500, 2500), (p.Limit, p.TotalCount)));
        Assert.Equal(pages.SkipLast(1).Select(p => p.NextUrl), pages.Skip(1).Select(p => p.Url));
        Assert.True(pages[^1].IsLast && !pages[^1].LinkRepeats);
        var requests = setup.LocationRequests();
        Assert.All(requests, r => Assert.Equal((correlationId, "HUB"), (r.Header(HubTracing.CorrelationIdHeader), r.Header(RoutingHeaders.FromParty))));
        Assert.Equal(5, requests.Select(r => r.Header(HubTracing.RequestIdHeader)).Distinct().Count());
        var logged = await LoggedMessages.ListAsync(setup.Hub, $"correlation_id={correlationId}", atLeast: 5);
        Assert.Equal(5, logged.Count(e => e.Text("direction") == "OUT" && e.Text("module") == "locations" && e.Number("ocpi_status") == 1000));
    }

    [Fact]
    public async Task Date_filters_are_passed_through_to_every_page()
    {
        await using var setup = await Setup.StartAsync(1500);

        var pages = await setup.ReadAsync(setup.Locations + $"?date_from={Minute(200)}&date_to={Minute(900)}&limit=1000");

        Assert.Equal([500, 200], pages.Select(p => p.Items.Count));
        Assert.Equal((Id(200), Id(899)), (pages[0].Items[0].GetProperty("id").GetString(), pages[1].Items[^1].GetProperty("id").GetString()));
        Assert.All(setup.LocationRequests(), r => Assert.Contains("date_to=", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_that_fails_once_is_tried_again_and_reading_goes_on()
    {
        await using var setup = await Setup.StartAsync(1200);
        setup.Partner.Sender("locations").FailOnceAt(500);

        var pages = await setup.ReadAsync(setup.Locations);

        Assert.Equal(1200, pages.Sum(p => p.Items.Count));
        Assert.Equal(4, setup.LocationRequests().Count);
    }

    [Fact]
    public async Task A_page_that_always_fails_ends_the_reading_after_its_retries_naming_url_and_reason()
    {
        await using var setup = await Setup.StartAsync(10);
        setup.Partner.Sender("locations").FailAlways = true;

        var failed = await Assert.ThrowsAsync<PartnerPageException>(() => setup.ReadAsync(setup.Locations));

        Assert.Equal(setup.Locations, failed.Url);
        Assert.Contains("HTTP 500", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(setup.Locations, failed.Message, StringComparison.Ordinal);
        Assert.Equal(1 + Quick.Retries, setup.LocationRequests().Count);
    }

    [Fact]
    public async Task A_hanging_partner_fails_the_page_within_its_budget()
    {
        await using var setup = await Setup.StartAsync(10);
        setup.Partner.Sender("locations").Hang = true;

        var failed = await Assert.ThrowsAsync<PartnerPageException>(() =>
            setup.ReadAsync(setup.Locations, Quick with { Budget = TimeSpan.FromMilliseconds(500), Retries = 1 }));

        Assert.Contains("timed out", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(2, setup.LocationRequests().Count);
    }

    [Fact]
    public async Task An_ocpi_error_status_fails_the_page()
    {
        await using var setup = await Setup.StartAsync(10);
        setup.Partner.ModuleResponder = _ => new SimulatedResponse(OcpiStatus: 3000, Message: "busy");

        var failed = await Assert.ThrowsAsync<PartnerPageException>(() => setup.ReadAsync(setup.Locations, Quick with { Retries = 0 }));

        Assert.Contains("OCPI 3000: busy", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_over_the_hubs_limit_fails_the_page_naming_the_limit()
    {
        await using var setup = await Setup.StartAsync(100, "--Hub:MaxPartnerAnswerBytes=4096");

        var failed = await Assert.ThrowsAsync<PartnerPageException>(() => setup.ReadAsync(setup.Locations, Quick with { Retries = 1 }));

        Assert.Contains("larger than the hub reads (4096 bytes, Hub:MaxPartnerAnswerBytes)", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(2, setup.LocationRequests().Count);
    }

    [Fact]
    public async Task An_answer_broken_off_in_its_body_fails_the_page_as_no_answer_does()
    {
        await using var setup = await Setup.StartAsync(0);
        // A partner that promises 10,000 bytes, sends a few and closes the connection.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var answering = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var connection = await listener.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                var request = new List<byte>();
                var chunk = new byte[4096];
                while (!System.Text.Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
                    request.AddRange(chunk.AsSpan(0, await stream.ReadAsync(chunk)));
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"data\":["u8.ToArray());
            }
        });
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}/ocpi/2.2.1/locations";

        var failed = await Assert.ThrowsAsync<PartnerPageException>(() => setup.ReadAsync(url, Quick with { Retries = 1 }));

        await answering;
        Assert.Contains($"GET {url} failed", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_to_the_page_itself_stops_the_reading()
    {
        await using var setup = await Setup.StartAsync(10);
        setup.Partner.Sender("locations").Links = PageLinks.Self;

        // At most 3 pages, so a reader that followed the Link would fail here rather than run on.
        var pages = await setup.ReadAsync(setup.Locations, maxPages: 3);

        var page = Assert.Single(pages);
        Assert.True(page.LinkRepeats && page.IsLast);
        Assert.Single(setup.LocationRequests());
    }

    [Theory]
    [InlineData(PageLinks.None)]
    [InlineData(PageLinks.Relative)]
    public async Task Pages_without_a_link_or_with_a_relative_one_are_all_read(PageLinks links)
    {
        await using var setup = await Setup.StartAsync(1200);
        setup.Partner.Sender("locations").Links = links;

        var pages = await setup.ReadAsync(setup.Locations + "?limit=500", maxPages: 5);

        Assert.Equal([500, 500, 200], pages.Select(p => p.Items.Count));
        Assert.Equal(Enumerable.Range(0, 1200).Select(Id), pages.SelectMany(p => p.Items).Select(o => o.GetProperty("id").GetString()));
        Assert.All(pages.Skip(1), p => Assert.StartsWith("http://", p.Url, StringComparison.Ordinal));
        Assert.Equal(["limit=500", "limit=500&offset=500", "limit=500&offset=1000"],
            setup.LocationRequests().Select(r => string.Join('&', r.Query.TrimStart('?').Split('&').Order(StringComparer.Ordinal))));
    }

    [Fact]
    public async Task An_empty_page_past_the_total_ends_the_reading_whatever_its_link_says()
    {
        await using var setup = await Setup.StartAsync(10);
        setup.Partner.Sender("locations").Links = PageLinks.Always;

        // At most 5 pages, so a reader that followed every Link would fail here rather than run on.
        var pages = await setup.ReadAsync(setup.Locations, maxPages: 5);

        Assert.Equal([10, 0], pages.Select(p => p.Items.Count));
        Assert.True(pages[^1].IsLast);
    }

    [Fact]
    public async Task An_empty_page_without_data_is_an_empty_page()
    {
        await using var setup = await Setup.StartAsync(0);
        setup.Partner.ModuleResponder = _ => new SimulatedResponse(Data: null);

        var page = Assert.Single(await setup.ReadAsync(setup.Locations));

        Assert.Empty(page.Items);
        Assert.True(page.IsLast);
    }

    [Fact]
    public async Task Reading_resumes_from_a_stored_next_url()
    {
        await using var setup = await Setup.StartAsync(1300);
        string? stored = null;
        await foreach (var page in setup.Client.ReadPagesAsync(setup.Locations, setup.Auth, OcpiVersion.V221, "first", Quick))
        {
            stored = page.NextUrl;
            break;
        }

        var rest = await setup.ReadAsync(stored!);

        Assert.Equal([500, 300], rest.Select(p => p.Items.Count));
        Assert.Equal(Id(500), rest[0].Items[0].GetProperty("id").GetString());
        Assert.Equal(stored, rest[0].Url);
    }

    private static string Id(int i) => $"L{i:D4}";

    private static string Minute(int i) => new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ");

    /// <summary>A hub and a 2.2.1 CPO registered with it, serving its Locations 500 to a page.</summary>
    private sealed record Setup(HubUnderTest Hub, SimulatedPartner Partner, PartnerClient Client, OutboundAuth Auth) : IAsyncDisposable
    {
        public static async Task<Setup> StartAsync(int locations, params string[] hubSettings)
        {
            var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite, hubSettings);
            var partner = await SimulatedPartner.StartAsync(new PartnerOptions
            {
                Version = OcpiVersion.V221, Parties = [Partners.Party("CPO", "CPA")], MaxPageSize = 500,
            });
            await Partners.RegisterWithHubAsync(hub, partner);
            for (var i = 0; i < locations; i++)
                partner.Sender("locations").Put($$"""{"country_code":"NL","party_id":"CPA","id":"{{Id(i)}}","last_updated":"{{Minute(i)}}"}""");
            return new(hub, partner, hub.Service<PartnerClient>(), new OutboundAuth(partner.TokenToCallPartner!, Base64: true));
        }

        public string Locations => Partner.VersionUrl + "/locations";

        public async Task<List<PartnerPage>> ReadAsync(string url, PagePolicy? policy = null, string? correlationId = null,
            IEnumerable<KeyValuePair<string, string>>? headers = null, int maxPages = int.MaxValue)
        {
            var pages = new List<PartnerPage>();
            await foreach (var page in Client.ReadPagesAsync(url, Auth, OcpiVersion.V221, correlationId ?? Guid.NewGuid().ToString(), policy ?? Quick,
                               new PartnerCallInfo(Module: "locations"), headers))
            {
                pages.Add(page);
                if (pages.Count == maxPages)
                    break;
            }
            return pages;
        }

        public IReadOnlyList<RecordedRequest> LocationRequests() =>
            [.. Partner.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/locations", StringComparison.Ordinal))];

        public async ValueTask DisposeAsync()
        {
            await Partner.DisposeAsync();
            await Hub.DisposeAsync();
        }
    }
}
