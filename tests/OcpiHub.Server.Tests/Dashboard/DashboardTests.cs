using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Tests.Commands;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;
using static Microsoft.Playwright.Assertions;

namespace OcpiHub.Server.Tests.Dashboard;

/// <summary>
/// The operators' dashboard in a real headless Chromium, against a hub with simulated partners over real HTTP: what
/// an operator sees and does there reaches the partners and shows in the admin API.
/// </summary>
public abstract class DashboardTests<TNetwork>(TNetwork fixture) : IClassFixture<TNetwork> where TNetwork : DashboardNetwork
{
    static DashboardTests() => SetDefaultExpectTimeout(20_000);

    private RoamingNetwork Net => fixture.Net;

    private string Url(string path) => Net.Hub.BaseUrl + path;

    [Fact]
    public async Task An_operator_signs_in_with_the_admin_key_and_a_wrong_key_is_refused()
    {
        fixture.Require();
        var context = await fixture.Browser!.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(Url("/dashboard/agreements"));
        Assert.StartsWith(Url("/dashboard/signin"), page.Url);
        await page.FillAsync("#admin-key", "not-the-key");
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#refused")).ToBeVisibleAsync();
        Assert.DoesNotContain("not-the-key", page.Url);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "ocpihub-dashboard");

        await page.FillAsync("#admin-key", HubUnderTest.AdminKey);
        await page.ClickAsync("#sign-in");
        await Browser.AtAsync(page, Url("/dashboard/agreements"));
        Assert.DoesNotContain(HubUnderTest.AdminKey, page.Url);
        await Expect(page.Locator("h2")).ToHaveTextAsync("Agreements");

        await page.ClickAsync("#sign-out");
        await Browser.AtAsync(page, new Regex("/dashboard/signin"));
        await page.GotoAsync(Url("/dashboard"));
        Assert.StartsWith(Url("/dashboard/signin"), page.Url);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_shows_every_platform_with_its_status_version_and_object_counts_per_owner()
    {
        fixture.Require();
        var planned = await Net.Hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name = "Planned partner" }, 201);
        var page = await fixture.SignedInPageAsync();

        foreach (var (party, version) in new[] { ("NL*C11", "2.1.1"), ("NL*C22", "2.2.1"), ("DE*E11", "2.1.1"), ("DE*E22", "2.2.1"), ("DE*E30", "2.3.0") })
        {
            var row = page.Locator($"tr[data-party='{party}']");
            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("CONNECTED");
            await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(version);
        }
        await Expect(page.Locator($"tr[data-platform='{planned["id"]}'] td").Nth(1)).ToHaveTextAsync("PLANNED");
        // Locations, EVSEs, Tariffs, Tokens, Sessions, CDRs: the 2.1.1 CPO's one Location with its one EVSE.
        await Expect(page.Locator("tr[data-party='NL*C11'] td.count")).ToHaveTextAsync(["1", "1", "0", "0", "0", "0"]);
        await Expect(page.Locator("tr[data-party='DE*E22'] td.count")).ToHaveTextAsync(["0", "0", "0", "0", "0", "0"]);
        await Screenshots.TakeAsync(page, "overview");
    }

    [Fact]
    public async Task An_agreement_created_on_the_dashboard_is_told_to_the_partners_as_hubclientinfo()
    {
        fixture.Require();
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url("/dashboard/agreements"));

        await ChooseAsync(page, "#new-cpo", "NL*C22");
        await ChooseAsync(page, "#new-emsp", "DE*E11");
        await page.ClickAsync("#create-agreement");

        var row = page.Locator("tr[data-agreement='NL*C22|DE*E11']");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("ACTIVE");
        var told = await Eventually.UntilAsync(() => Net.Cpo221.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith("/hubclientinfo/DE/E11", StringComparison.Ordinal)).ToList(),
            r => r.Count >= 1, "a HubClientInfo PUT about DE*E11 at NL*C22");
        Assert.Contains("\"CONNECTED\"", told[0].Body);
        var agreements = (await Net.Hub.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray();
        Assert.Contains(agreements, a => a!["cpo"]!.GetValue<string>() == "NL*C22" && a["emsp"]!.GetValue<string>() == "DE*E11");
        await Screenshots.TakeAsync(page, "agreements");
    }

    [Fact]
    public async Task A_setting_changed_on_the_dashboard_is_the_platforms_setting_in_the_admin_api()
    {
        fixture.Require();
        var id = await Net.PlatformIdAsync("E30");
        Assert.False((await Net.Hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}"))["settings"]!["total_count_header"]!.GetValue<bool>());
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url($"/dashboard/platforms/{id}"));

        await page.ClickAsync("#setting-total_count_header");
        await page.ClickAsync("#save-settings");

        await Expect(page.Locator("#settings-outcome")).ToHaveTextAsync("Saved.");
        var settings = (await Net.Hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}"))["settings"]!;
        Assert.True(settings["total_count_header"]!.GetValue<bool>());
        Assert.Equal(1000, settings["pull_limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_sync_started_on_the_dashboard_is_watched_until_it_succeeds_with_its_counts()
    {
        fixture.Require();
        var locations = Net.Cpo221.Sender("locations");
        for (var i = 0; i < 30; i++)
            locations.Put(LocationJson.Location(OcpiVersion.V221, "NL", "C22", $"S{i:D3}", "2026-11-01T10:00:00Z"));
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url($"/dashboard/platforms/{await Net.PlatformIdAsync("C22")}"));

        await page.ClickAsync("#start-full-sync");

        var run = page.Locator("tr[data-module='locations']").First;
        await Expect(run.Locator(".run-status")).ToHaveTextAsync("SUCCEEDED");
        await Expect(run.Locator(".pages")).ToHaveTextAsync("1");
        await Expect(run.Locator(".objects")).ToHaveTextAsync("30");
        await Expect(run.Locator(".changed")).ToHaveTextAsync("30");
        await Expect(run.Locator(".invalid")).ToHaveTextAsync("0");
        await Screenshots.TakeAsync(page, "platform");
    }

    [Fact]
    public async Task A_failed_delivery_is_redriven_from_the_dashboard_once_its_receiver_is_back()
    {
        fixture.Require();
        Net.Emsp221.ModuleResponder = r => r.Path.Contains("/tariffs/", StringComparison.Ordinal) ? new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down") : null;
        await Net.SendOkAsync(Net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-REDRIVE", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-REDRIVE"));
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url("/dashboard/deliveries"));

        var failed = page.Locator("tr[data-receiver='DE*E22']", new() { HasText = "T-REDRIVE" });
        await Expect(failed.Locator(".delivery-status")).ToHaveTextAsync("FAILED");
        await Screenshots.TakeAsync(page, "deliveries");
        Net.Emsp221.ModuleResponder = null;
        await failed.Locator(".redrive").ClickAsync();

        await Eventually.UntilAsync(() => Net.Emsp221.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith("/tariffs/NL/C22/T-REDRIVE", StringComparison.Ordinal)).ToList(),
            r => r.Count >= 2, "the re-driven tariff at DE*E22");
        await Expect(failed).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_correlation_id_shows_every_leg_of_a_push_and_of_a_forwarded_command()
    {
        fixture.Require();
        var push = "push-" + Guid.NewGuid();
        using (var response = await Net.SendAsync(Net.Cpo211, HttpMethod.Put, "receiver/locations/NL/C11/LOC11",
                   LocationJson.Location(OcpiVersion.V211, "NL", "C11", "LOC11", "2026-11-02T10:00:00Z"), ("X-Correlation-ID", push)))
            Assert.True(response.IsSuccessStatusCode);
        var command = "command-" + Guid.NewGuid();
        var body = CommandJson.Body("START_SESSION", OcpiVersion.V221, Net.Emsp221.ResponseUrl("START_SESSION", command), Net.Emsp221, Net.Cpo221, "LOC22");
        await CommandNetwork.SendCommandAsync(Net.Hub, Net.Emsp221, "START_SESSION", body, command);
        var page = await fixture.SignedInPageAsync();

        // The push: in from the CPO, out to each agreed eMSP (2.1.1 and 2.3.0).
        var pushLegs = await LegsAsync(page, push, 3);
        string[] expected = [$"IN {await Net.PlatformIdAsync("C11")}", $"OUT {await Net.PlatformIdAsync("E11")}", $"OUT {await Net.PlatformIdAsync("E30")}"];
        Assert.Equal(expected.Order(), pushLegs.Select(l => $"{l.Direction} {l.Platform}").Order());
        Assert.All(pushLegs, l => Assert.Equal("locations", l.Module));

        // The command: in from the eMSP, out to the CPO, the CPO's result in, the result out to the eMSP.
        var commandLegs = await LegsAsync(page, command, 4);
        var (emsp, cpo) = (await Net.PlatformIdAsync("E22"), await Net.PlatformIdAsync("C22"));
        Assert.Equal([("IN", emsp), ("OUT", cpo), ("IN", cpo), ("OUT", emsp)], commandLegs.Select(l => (l.Direction, l.Platform)));
        Assert.All(commandLegs, l => Assert.Equal("commands", l.Module));
        await Expect(page.Locator(".command-state")).ToContainTextAsync("RESULT_RELAYED");
        await Screenshots.TakeAsync(page, "messages");
    }

    [Fact]
    public async Task Every_view_loads_only_from_the_hub_and_shows_a_stored_object_as_json()
    {
        var page = await fixture.SignedInPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(Net.Hub.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                elsewhere.Add(request.Url);
        };
        foreach (var view in new[] { "", "/agreements", "/syncs", "/deliveries", "/messages", "/data" })
        {
            await OpenAsync(page, Url("/dashboard" + view));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await page.Locator("tr[data-object='LOC11'] fluent-button").ClickAsync();
        await Expect(page.Locator("#object-json")).ToContainTextAsync("\"id\": \"LOC11\"");
        await Screenshots.TakeAsync(page, "data");
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task A_platforms_page_shows_its_deliveries_behind_more_than_a_page_of_another_receivers()
    {
        fixture.Require();
        var id = await PlannedPlatformAsync("Behind a backlog");
        await DeadLettersAsync("backlog-elsewhere", "DE*ELS", DeliveryQueue.MaxLimit + 1);
        await DeadLettersAsync(id, "DE*MIN", 1);
        var page = await fixture.SignedInPageAsync();

        await OpenAsync(page, Url($"/dashboard/platforms/{id}"));

        await Expect(page.Locator("#deliveries tr[data-receiver='DE*MIN']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#deliveries tr[data-receiver='DE*ELS']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_overview_and_a_platforms_page_show_when_it_was_last_seen_as_stored()
    {
        fixture.Require();
        var id = await PlannedPlatformAsync("Seen lately");
        var platforms = Net.Hub.Service<IPlatformStore>();
        // The node's copy of the platforms holds this one before it is seen; seeing it does not renew that copy.
        Assert.Null((await platforms.FindAsync(id))!.LastSeenAt);
        await platforms.TouchAsync(id, new DateTimeOffset(2026, 12, 5, 10, 11, 12, TimeSpan.Zero));
        var page = await fixture.SignedInPageAsync();

        await Expect(page.Locator($"tr[data-platform='{id}'] td").Nth(4)).ToHaveTextAsync("2026-12-05 10:11:12Z");
        await OpenAsync(page, Url($"/dashboard/platforms/{id}"));
        await Expect(page.Locator("p", new() { HasText = "versions URL" })).ToContainTextAsync("last seen 2026-12-05 10:11:12Z");
    }

    [Fact]
    public async Task Saving_settings_on_the_dashboard_keeps_the_settings_changed_elsewhere_meanwhile()
    {
        fixture.Require();
        var id = await PlannedPlatformAsync("Edited twice");
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url($"/dashboard/platforms/{id}"));

        // Another operator changes two other settings through the admin API while the page is open.
        await Net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{id}", new { settings = new { push = false, pull_limit = 50 } });
        await page.ClickAsync("#setting-total_count_header");
        await page.ClickAsync("#save-settings");

        await Expect(page.Locator("#settings-outcome")).ToHaveTextAsync("Saved.");
        var settings = (await Net.Hub.AdminAsync(HttpMethod.Get, $"admin/platforms/{id}"))["settings"]!;
        Assert.True(settings["total_count_header"]!.GetValue<bool>());
        Assert.False(settings["push"]!.GetValue<bool>());
        Assert.Equal(50, settings["pull_limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_date_cleared_on_the_messages_page_is_searched_without()
    {
        fixture.Require();
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url("/dashboard/messages"));

        await page.FillAsync("#search-from input", "not a date");
        await page.ClickAsync("#search");
        await Expect(page.Locator(".refused")).ToBeVisibleAsync();
        await page.FillAsync("#search-from input", "");
        await page.ClickAsync("#search");

        await Expect(page.Locator(".refused")).ToHaveCountAsync(0);
        await Expect(page.Locator("#messages tbody tr").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_messages_page_finds_a_partys_messages_behind_more_than_a_page_of_others()
    {
        fixture.Require();
        // One exchange of NL*OLD, then more than a page of the log of another party's after it.
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        await MessagesAsync("NL*OLD", at, 1);
        await MessagesAsync("NL*NEW", at + 1, MessageQuery.MaxLimit + 1);
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url("/dashboard/messages"));

        await page.FillAsync("#search-party input", "nl*old");
        await page.ClickAsync("#search");

        await Expect(page.Locator("#messages tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#messages tbody tr")).ToContainTextAsync("NL*OLD");
    }

    [Fact]
    public async Task The_data_page_finds_an_id_behind_more_than_a_page_of_others()
    {
        fixture.Require();
        var stored = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await TariffsAsync("NL*D50", "FILL", 501, stored);
        await TariffsAsync("NL*D50", "Needle-", 1, stored + 1000);
        var page = await fixture.SignedInPageAsync();
        await OpenAsync(page, Url("/dashboard/data"));

        await ChooseAsync(page, "#data-module", "Tariffs");
        await ChooseAsync(page, "#data-owner", "NL*D50");
        await page.FillAsync("#data-search input", "needle");
        await page.ClickAsync("#data-list");

        await Expect(page.Locator("tr[data-object]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-object='Needle-1']")).ToHaveCountAsync(1);
    }

    /// <summary>A platform registered by an operator (PLANNED), of this test's own; its id.</summary>
    private async Task<string> PlannedPlatformAsync(string name) =>
        (await Net.Hub.AdminAsync(HttpMethod.Post, "admin/platforms", new { name }, 201))["id"]!.GetValue<string>();

    /// <summary>CDR POSTs to <paramref name="platformId"/> (party <paramref name="receiver"/>) given up just now.</summary>
    private Task DeadLettersAsync(string platformId, string receiver, int count) => RowsAsync(count, """
        INSERT INTO deliveries (receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id,
            status, attempts, next_attempt_at, created_at, ended_at, last_error)
        SELECT @platformId, @receiver, 'NL*CPO', 'Cdrs', 'NL*CPO', 'CDR' || i, 'POST', '', NULL, 'dead-letters', 'Dead', 1, 0, @now, @now, 'refused' FROM n
        """, new { platformId, receiver, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

    /// <summary>Message log entries from <paramref name="party"/>, one a millisecond from <paramref name="at"/>.</summary>
    private Task MessagesAsync(string party, long at, int count) => RowsAsync(count, """
        INSERT INTO messages (time, direction, platform_id, from_party, to_party, module, method, path, ocpi_status, http_status, latency_ms,
            request_id, correlation_id)
        SELECT @at + i, 'IN', NULL, @party, 'DE*HUB', 'locations', 'PUT', '/ocpi', 1000, 200, 1, 'request' || i, 'log' || i FROM n
        """, new { party, at });

    /// <summary>Tariffs of <paramref name="owner"/> with ids <paramref name="prefix"/>1, 2, …, stored one a millisecond from <paramref name="at"/>.</summary>
    private Task TariffsAsync(string owner, string prefix, int count, long at) => RowsAsync(count, """
        INSERT INTO objects (module, owner, object_key, object_id, last_updated, body, token_owner, created_at)
        SELECT 'Tariffs', @owner, UPPER(@prefix || i), @prefix || i, @at, '{}', NULL, @at + i FROM n
        """, new { owner, prefix, at });

    /// <summary>
    /// Writes <paramref name="count"/> rows straight into the hub's database with <paramref name="insert"/>, which selects
    /// from <c>n</c> (<c>i</c> = 1 to count): more than a page of a list without partners sending each.
    /// </summary>
    private Task RowsAsync(int count, string insert, object parameters) =>
        Net.Hub.Service<HubDatabase>().ExecuteWriteAsync($"WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})\n{insert}", parameters);

    /// <summary>The legs of one exchange on the dashboard's time line (direction, platform, module), once it has <paramref name="count"/>.</summary>
    private async Task<List<(string Direction, string Platform, string Module)>> LegsAsync(IPage page, string correlationId, int count) =>
        await Eventually.UntilAsync(async () =>
        {
            await OpenAsync(page, Url("/dashboard/messages?correlation_id=" + Uri.EscapeDataString(correlationId)));
            await page.Locator("#timeline").WaitForAsync();
            var legs = new List<(string, string, string)>();
            foreach (var leg in await page.Locator("#timeline .leg").AllAsync())
            {
                var direction = (await leg.GetAttributeAsync("data-direction"))!;
                legs.Add((direction, (await leg.GetAttributeAsync("data-platform")) ?? "", (await leg.GetAttributeAsync("data-module")) ?? ""));
            }
            return legs;
        }, legs => legs.Count >= count, $"{count} legs of {correlationId}", 20_000);

    /// <summary>Opens a view and waits until it is interactive (its buttons act).</summary>
    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.Locator(".interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>Picks <paramref name="option"/> in a Fluent select.</summary>
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.ClickAsync(select);
        await page.Locator($"{select} fluent-option", new() { HasText = option }).ClickAsync();
    }
}

public sealed class SqliteDashboardTests(SqliteDashboardNetwork fixture) : DashboardTests<SqliteDashboardNetwork>(fixture);

public sealed class PostgreSqlDashboardTests(PostgreSqlDashboardNetwork fixture) : DashboardTests<PostgreSqlDashboardNetwork>(fixture);
