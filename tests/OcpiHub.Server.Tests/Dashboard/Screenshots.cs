using Microsoft.Playwright;

namespace OcpiHub.Server.Tests.Dashboard;

/// <summary>
/// The README's pictures of the dashboard, taken by the browser tests into <c>docs/screenshots</c> when
/// <c>OCPIHUB_SCREENSHOTS=1</c> (otherwise a test run leaves the checkout as it was).
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("OCPIHUB_SCREENSHOTS") != "1")
            return;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OcpiHub.slnx")))
            root = root.Parent;
        if (root is null)
            return;
        var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "docs", "screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder.FullName, $"dashboard-{name}.png"), FullPage = true });
    }
}
