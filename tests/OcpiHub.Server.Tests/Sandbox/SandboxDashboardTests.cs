using Microsoft.Playwright;
using OcpiHub.Core.Platforms;
using OcpiHub.Server.Sandbox;
using OcpiHub.Server.Tests.Dashboard;
using OcpiHub.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OcpiHub.Server.Tests.Sandbox;

/// <summary>
/// The dashboard's Sandbox page in a real headless Chromium: it lists the six sandbox partners, and a sandbox eMSP told
/// there to send START_SESSION to a sandbox CPO's Location gets the CPO's result and its Session.
/// </summary>
public sealed class SandboxDashboardTests
{
    [Fact]
    public async Task A_sandbox_emsp_sends_start_session_from_the_dashboard_and_gets_the_result_and_the_session()
    {
        await using var browser = await Browser.LaunchAsync();
        Browser.Require(browser);
        await using var hub = await SandboxTests.StartSandboxHubAsync(StorageKind.Sqlite);
        await hub.AgreeAsync("ES*CP2", "ES*MS3");

        var page = await browser!.SignedInPageAsync(hub.BaseUrl);
        await page.GotoAsync(hub.BaseUrl + "/dashboard/sandbox");
        await page.Locator(".interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator("#sandbox-partners tbody tr")).ToHaveCountAsync(6);

        await ChooseAsync(page, "#start-emsp", "ES*MS3");
        await ChooseAsync(page, "#start-cpo", "ES*CP2");
        await page.ClickAsync("#start-session");
        await Expect(page.Locator("#start-outcome")).ToContainTextAsync("status 1000", new() { Timeout = 20_000 });

        var emsp = hub.Service<SandboxNetwork>().Find(new PartyKey("ES", "MS3")).Partner;
        await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result at the sandbox eMSP", 30_000);
        await Eventually.UntilAsync(() => emsp.Received("sessions"), s => s.Count > 0, "the Session at the sandbox eMSP", 30_000);
    }

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.ClickAsync(select);
        await page.Locator($"{select} fluent-option", new() { HasText = option }).ClickAsync();
    }
}
