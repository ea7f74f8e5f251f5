using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Hosting;

/// <summary>
/// The hub's log levels hold wherever it is started from: a hub run from a folder without its appsettings.json (a
/// service whose working directory is its data) logs its own information, not ASP.NET Core's four lines a request.
/// </summary>
public sealed class LogLevelTests
{
    [Fact]
    public async Task A_hub_started_outside_its_folder_logs_no_line_per_request()
    {
        await using var hub = await HubProcess.CreateAsync(StorageKind.Sqlite);
        hub.WorkingDirectory = Directory.CreateTempSubdirectory("ocpihub-elsewhere-").FullName;
        await hub.StartAsync();

        using var http = new HttpClient();
        for (var i = 0; i < 5; i++)
            (await http.GetAsync($"{hub.BaseUrl}/ocpi/versions")).Dispose();
        var started = await Eventually.UntilAsync(() => hub.Output, lines => lines.Any(l => l.Contains("Now listening on", StringComparison.Ordinal)),
            "the host's information that it listens");

        Assert.DoesNotContain(started, l => l.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Output, l => l.Contains("Request starting", StringComparison.Ordinal));
        Directory.Delete(hub.WorkingDirectory, recursive: true);
    }
}
