using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using static OcpiHub.Simulator.Tests.Partners;

namespace OcpiHub.Simulator.Tests;

/// <summary>The sender lists a partner serves from its store: paging, date filters and the faults a test can ask for.</summary>
public sealed class SenderTests
{
    private static readonly HttpClient Caller = new();

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task A_list_is_served_in_pages_capped_by_the_setting_each_linking_the_next(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        Fill(pair.B.Sender("locations"), 250);

        var pages = new List<(List<string> Ids, string? Link, string? Limit, string? Total)>();
        for (string? url = LocationsOf(pair) + "?limit=1000"; url is not null;)
        {
            using var response = await GetAsync(url, pair.A.TokenToCallHub!);
            var page = await PageOf(response);
            pages.Add(page);
            url = page.Link;
        }

        Assert.Equal([100, 100, 50], pages.Select(p => p.Ids.Count));
        Assert.Equal(Enumerable.Range(0, 250).Select(Id), pages.SelectMany(p => p.Ids));
        Assert.All(pages, p => Assert.Equal(("100", "250"), (p.Limit, p.Total)));
        Assert.Null(pages[^1].Link);
    }

    [Fact]
    public async Task A_smaller_limit_is_kept_and_an_emsp_serves_its_tokens()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V221);
        Fill(pair.A.Sender("tokens"), 5, field: "uid");

        using var response = await GetAsync(pair.A.VersionUrl + "/tokens?limit=2&offset=2", pair.A.TokenToCallPartner!);
        var page = await PageOf(response);

        Assert.Equal([Id(2), Id(3)], page.Ids);
        Assert.Equal(("2", "5"), (page.Limit, page.Total));
        Assert.Contains("offset=4", page.Link, StringComparison.Ordinal);
        Assert.Contains("limit=2", page.Link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Date_from_is_inclusive_date_to_exclusive_and_a_changed_object_moves_to_the_end()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);
        var locations = pair.B.Sender("locations");
        Fill(locations, 10); // minute i
        locations.Put(Json(Id(1), Minute(30)));

        using var filtered = await GetAsync(LocationsOf(pair) + $"?date_from={Minute(2)}&date_to={Minute(5)}", pair.A.TokenToCallHub!);
        using var all = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);

        Assert.Equal([Id(2), Id(3), Id(4)], (await PageOf(filtered)).Ids);
        var everything = await PageOf(all);
        Assert.Equal((Id(1), "10"), (everything.Ids[^1], everything.Total));
    }

    [Fact]
    public async Task A_page_fails_once_when_asked_then_is_served()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);
        Fill(pair.B.Sender("locations"), 150);
        pair.B.Sender("locations").FailOnceAt(100);
        var url = LocationsOf(pair) + "?offset=100";

        using var failed = await GetAsync(url, pair.A.TokenToCallHub!);
        using var served = await GetAsync(url, pair.A.TokenToCallHub!);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(50, (await PageOf(served)).Ids.Count);
    }

    [Fact]
    public async Task Failing_always_fails_every_page_until_switched_off()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V211);
        var locations = pair.B.Sender("locations");
        Fill(locations, 3);
        locations.FailAlways = true;

        using var first = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);
        using var second = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);
        locations.FailAlways = false;
        using var third = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK],
            [first.StatusCode, second.StatusCode, third.StatusCode]);
    }

    [Fact]
    public async Task A_hanging_page_is_answered_never_and_the_caller_can_give_up()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);
        pair.B.Sender("locations").Hang = true;
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!, giveUp.Token));

        pair.B.Sender("locations").Hang = false;
        using var later = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Invalid_objects_are_sent_stripped_to_their_ids()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V221);
        var locations = pair.B.Sender("locations");
        for (var i = 0; i < 5; i++)
            locations.Put($$"""{"country_code":"NL","party_id":"BBB","id":"{{Id(i)}}","address":"Stationsplein 1","last_updated":"{{Minute(i)}}"}""");
        locations.Invalid = (1, 2);

        using var response = await GetAsync(LocationsOf(pair), pair.A.TokenToCallHub!);

        var data = (await EnvelopeOf(response))!["data"]!.AsArray();
        Assert.Equal([true, false, false, true, true], data.Select(o => o!.AsObject().ContainsKey("address")));
        Assert.Equal(["country_code", "party_id", "id", "last_updated"], data[1]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task A_self_link_names_the_page_itself()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);
        Fill(pair.B.Sender("locations"), 3);
        pair.B.Sender("locations").Links = PageLinks.Self;
        var url = LocationsOf(pair) + "?limit=2";

        using var response = await GetAsync(url, pair.A.TokenToCallHub!);

        Assert.Equal(url, (await PageOf(response)).Link);
    }

    [Theory]
    [InlineData("limit=-1")]
    [InlineData("limit=0")]
    [InlineData("offset=x")]
    [InlineData("date_from=yesterday")]
    public async Task Bad_paging_parameters_are_2001(string query)
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);

        using var response = await GetAsync(LocationsOf(pair) + "?" + query, pair.A.TokenToCallHub!);

        Assert.Equal((HttpStatusCode.BadRequest, 2001), (response.StatusCode, StatusOf(await EnvelopeOf(response))));
    }

    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task A_page_of_sessions_needs_a_date_from(OcpiVersion version)
    {
        await using var pair = await RegisteredPairAsync(version);
        Fill(pair.B.Sender("sessions"), 3);
        var sessions = pair.A.Hub!.EndpointUrl("sessions")!;

        using var refused = await GetAsync(sessions, pair.A.TokenToCallHub!);
        using var served = await GetAsync(sessions + $"?date_from={Minute(1)}", pair.A.TokenToCallHub!);

        Assert.Equal((HttpStatusCode.BadRequest, 2001), (refused.StatusCode, StatusOf(await EnvelopeOf(refused))));
        Assert.Equal([Id(1), Id(2)], (await PageOf(served)).Ids);
    }

    [Fact]
    public async Task A_receiver_interface_still_answers_an_empty_success()
    {
        await using var pair = await RegisteredPairAsync(OcpiVersion.V230);

        using var response = await GetAsync(pair.A.VersionUrl + "/locations", pair.A.TokenToCallPartner!);

        Assert.Equal((1000, false), (StatusOf(await EnvelopeOf(response)), response.Headers.Contains("X-Total-Count")));
    }

    private static string LocationsOf(PartnerPair pair) => pair.A.Hub!.EndpointUrl("locations")!;

    private static string Id(int i) => $"L{i:D4}";

    private static string Minute(int i) => new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static string Json(string id, string updated, string field = "id") => $$"""{"{{field}}":"{{id}}","last_updated":"{{updated}}"}""";

    private static void Fill(SimulatedSender sender, int count, string field = "id")
    {
        for (var i = 0; i < count; i++)
            sender.Put(Json(Id(i), Minute(i), field));
    }

    private static async Task<HttpResponseMessage> GetAsync(string url, string token, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(token, base64: true));
        return await Caller.SendAsync(request, cancellationToken);
    }

    private static async Task<(List<string> Ids, string? Link, string? Limit, string? Total)> PageOf(HttpResponseMessage response)
    {
        var data = (await EnvelopeOf(response))!["data"]!.AsArray();
        var ids = data.Select(o => (string)(o!["id"] ?? o["uid"])!).ToList();
        var link = Header(response, "Link") is { } value ? value[1..value.IndexOf('>')] : null;
        return (ids, link, Header(response, "X-Limit"), Header(response, "X-Total-Count"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
