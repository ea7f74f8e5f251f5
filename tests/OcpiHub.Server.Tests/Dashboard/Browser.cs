using Microsoft.Playwright;

namespace OcpiHub.Server.Tests.Dashboard;

/// <summary>
/// A headless Chromium driven by Playwright: Debian's <c>chromium</c> (Playwright's own download cannot be used here),
/// found at <c>OCPIHUB_CHROMIUM</c> or <c>/usr/bin/chromium</c>. Without it the browser tests are skipped, visibly,
/// except where <c>OCPIHUB_REQUIRE_BROWSER=1</c> (CI), where they fail.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        this.playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("OCPIHUB_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    /// <summary>The browser, or null when there is none (the tests then skip or, in CI, fail).</summary>
    public static async Task<Browser?> LaunchAsync()
    {
        if (ExecutablePath is not { } path || !File.Exists(path))
            return null;
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>Fails (CI) or skips the calling test when no browser could be launched.</summary>
    public static void Require(Browser? browser)
    {
        if (browser is not null)
            return;
        Assert.False(Environment.GetEnvironmentVariable("OCPIHUB_REQUIRE_BROWSER") == "1",
            $"no Chromium at {ExecutablePath ?? "OCPIHUB_CHROMIUM or /usr/bin/chromium"} but the browser tests are required");
        Assert.Skip("no Chromium (install Debian's chromium or set OCPIHUB_CHROMIUM to run the dashboard's browser tests)");
    }

    /// <summary>
    /// Waits until the page is at <paramref name="url"/>. Polled in the browser's driver, unlike an event-based
    /// <c>WaitForURLAsync</c>, which reads the URL, then subscribes to navigations, and so can miss a navigation that
    /// commits in between on a busy machine (the page then sits at the URL while the wait runs out).
    /// </summary>
    public static Task AtAsync(IPage page, string url) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 30_000 });

    /// <inheritdoc cref="AtAsync(IPage, string)"/>
    public static Task AtAsync(IPage page, System.Text.RegularExpressions.Regex url) =>
        Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 30_000 });

    /// <summary>A new page of its own cookie session, signed in to the dashboard of the hub at <paramref name="hubUrl"/>, its live views running.</summary>
    public async Task<IPage> SignedInPageAsync(string hubUrl)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(hubUrl + "/dashboard");
        await page.FillAsync("#admin-key", Infrastructure.HubUnderTest.AdminKey);
        await page.ClickAsync("#sign-in");
        await AtAsync(page, hubUrl + "/dashboard");
        // Interactive once the circuit is up: the live views then refresh on their own.
        await page.Locator(".interactive-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}
