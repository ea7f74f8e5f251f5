using OcpiHub.Core.Nodes;
using OcpiHub.Core.Security;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Sandbox;

namespace OcpiHub.Server.Cli;

/// <summary>
/// <c>ocpihub demo</c>: a hub on a fresh temporary SQLite database with the sandbox on, a scripted roaming day between
/// the sandbox partners (<see cref="RoamingDay"/>), the dashboard's address and admin key printed; runs until stopped.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocpihub-demo", Guid.NewGuid().ToString("N"));
        var adminKey = Tokens.Generate();
        // The sandbox partners are on loopback: the partner-address check must let the hub call them. Settings given
        // after "demo" come last, so they win.
        string[] args =
        [
            $"--Hub:DataFolder={folder}", "--Hub:PostgreSql=", $"--Hub:AdminKey={adminKey}", "--Hub:Sandbox:Enabled=true",
            "--Hub:AllowPrivatePartnerAddresses=true", "--Logging:LogLevel:Default=Warning", .. settings,
        ];
        try
        {
            await using var app = await HubApplication.BuildAsync(args, TextWriter.Null);
            using (app.Logger.BeginNodeScope(app.Services.GetRequiredService<HubNode>()))
                await app.StartAsync();
            var options = app.Services.GetRequiredService<HubOptions>();
            var network = app.Services.GetRequiredService<SandboxNetwork>();
            await network.Ready;
            Console.WriteLine($"""
                OcpiHub demo: a hub on a fresh database in {folder}, with six sandbox partners:
                {string.Join(Environment.NewLine, network.Partners.Select(p => $"  {p.Party}  {p.Name}"))}

                Dashboard:  {options.BaseUrl}/dashboard
                Admin key:  {options.AdminKey}
                (the admin API too: curl -H "Authorization: Bearer <admin key>" {options.BaseUrl}/admin/platforms)

                A roaming day between them follows; Ctrl+C stops the demo.
                """);
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var day = new RoamingDay(network, app.Services.GetRequiredService<AgreementService>(), app.Services.GetRequiredService<SyncStarter>(), Console.Out);
            var script = RunDayAsync(day, lifetime.ApplicationStopping);
            await app.WaitForShutdownAsync();
            await script;
            return 0;
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private static async Task RunDayAsync(RoamingDay day, CancellationToken stopping)
    {
        try
        {
            await day.RunAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SandboxException or HttpRequestException or InvalidOperationException or AgreementException)
        {
            // The hub keeps running for the operator to look at; the script says why it stopped.
            Console.Error.WriteLine($"the roaming day stopped: {e.Message}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning.
        }
    }
}
