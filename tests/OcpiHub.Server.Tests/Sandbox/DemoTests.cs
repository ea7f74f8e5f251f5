using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using OcpiHub.Server.Dashboard;
using OcpiHub.Server.Tests.Dashboard;
using OcpiHub.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OcpiHub.Server.Tests.Sandbox;

/// <summary>
/// <c>ocpihub demo</c> run as a real process: it prints the dashboard's address and the admin key, and within a minute
/// of its start the message log (what the dashboard shows) holds Session traffic and an accepted command of every
/// sandbox partner, a CPO and an eMSP of each version, under the agreements its roaming day made; the dashboard's
/// overview shows them connected and their Sessions counted.
/// </summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_prints_the_dashboard_and_key_and_within_a_minute_shows_sessions_and_commands_between_sandbox_partners_of_every_version()
    {
        var clock = Stopwatch.StartNew();
        await using var demo = await HubProcess.CreateAsync(StorageKind.Sqlite);
        await demo.StartCommandAsync("demo");

        await Eventually.UntilAsync(() => demo.Output, o => o.Any(l => l.Contains("Admin key:", StringComparison.Ordinal)), "the demo's greeting", 60_000);
        Assert.Contains(demo.Output, l => l.Contains($"Dashboard:  {demo.BaseUrl}/dashboard", StringComparison.Ordinal));
        Assert.Contains(demo.Output, l => l.Contains($"Admin key:  {HubUnderTest.AdminKey}", StringComparison.Ordinal));

        var platforms = (await demo.AdminAsync(HttpMethod.Get, "admin/platforms")).AsArray().Select(p => p!.AsObject()).ToList();
        var sandbox = platforms.Where(p => ((string?)p["name"])?.StartsWith("Sandbox ", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["2.1.1", "2.1.1", "2.2.1", "2.2.1", "2.3.0", "2.3.0"], sandbox.Select(p => (string?)p["version"]).Order());
        Assert.All(sandbox, p => Assert.Equal("CONNECTED", (string?)p["status"]));

        var remaining = TimeSpan.FromMinutes(1) - clock.Elapsed;
        await Eventually.UntilAsync(async () => await SilentAsync(demo, sandbox), silent => silent.Count == 0,
            "Sessions and an accepted command of every sandbox partner", (int)Math.Max(remaining.TotalMilliseconds, 0));
        Assert.Equal(9, (await demo.AdminAsync(HttpMethod.Get, "admin/agreements")).AsArray().Count);

        // And the operator sees it on the dashboard's overview: every sandbox platform connected, Sessions counted for each CPO.
        await using var browser = await Browser.LaunchAsync();
        Browser.Require(browser);
        var page = await browser!.SignedInPageAsync(demo.BaseUrl);
        foreach (var platform in sandbox)
            await Expect(page.Locator($"#platforms tr[data-platform='{platform["id"]}'] .status-CONNECTED")).ToHaveCountAsync(1);
        var sessionsColumn = 5 + CountColumns.Names.ToList().IndexOf("Sessions");
        foreach (var cpo in sandbox.Where(p => p["parties"]!.AsArray().Any(party => (string?)party!["role"] == "CPO")))
            await Expect(page.Locator($"#platforms tr[data-platform='{cpo["id"]}'] td:nth-child({sessionsColumn + 1})")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
    }

    // The sandbox platforms the message log shows no Session message or no accepted command of yet.
    private static async Task<List<string>> SilentAsync(HubProcess demo, IEnumerable<JsonObject> sandbox)
    {
        var silent = new List<string>();
        foreach (var platform in sandbox)
        {
            var messages = await demo.AdminAsync(HttpMethod.Get, $"admin/messages?platform={platform["id"]}&limit=1000");
            if (!messages.AsArray().Any(m => (string?)m!["module"] == "sessions")
                || !messages.AsArray().Any(m => (string?)m!["module"] == "commands" && (int?)m["ocpi_status"] == 1000))
                silent.Add((string)platform["name"]!);
        }
        return silent;
    }
}
