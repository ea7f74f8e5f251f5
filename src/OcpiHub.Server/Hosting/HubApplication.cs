using Microsoft.Extensions.Configuration.Memory;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Dashboard;
using OcpiHub.Server.Data;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Sandbox;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Builds the hub from its parts, each registered and mapped by its own area: defaults (settings, clock, JSON,
/// OpenAPI, middleware, health), storage, the data flow, OCPI, the admin API and the dashboard.
/// </summary>
public static class HubApplication
{
    /// <summary>
    /// Information from the hub, warnings from ASP.NET Core (four lines a request otherwise), scopes on the console
    /// (correlation and node ids); and the dashboard's static files served as built. Run from its build output, the hub
    /// would otherwise watch them for edits as in development: a catch-all route whose constraint looks for a file on
    /// every request's routing, OCPI's included, and no caching headers for the browser.
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        ["ReloadStaticAssetsAtRuntime"] = "false",
    };

    /// <summary>
    /// The hub of <paramref name="args"/>; <paramref name="clock"/> replaces the system clock (tests drive the sync
    /// schedule with it). A setting that cannot be used is a <see cref="HubConfigurationException"/> naming it.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, TextWriter? announce = null, TimeProvider? clock = null)
    {
        // Named for the hub's own assembly, whoever hosts it (tests do): its static web assets (the dashboard's) are found by that name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(HubApplication).Assembly.GetName().Name });
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration.AddEnvironmentVariables("OCPIHUB_");
        // The hub's log levels wherever it runs from (appsettings.json is read from the working directory): under every
        // other source, so the file, the environment and the command line still set them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });

        var options = builder.AddHubDefaults(clock);
        await builder.Services.AddHubStorageAsync(options, announce ?? Console.Out, clock ?? TimeProvider.System);
        builder.Services
            .AddHubDataFlow(options)
            .AddHubOcpi()
            .AddHubAdmin()
            .AddHubDashboard(options)
            .AddHubSandbox(options);

        var app = builder.Build();
        app.UseHubDefaults();
        app.MapHubOcpi();
        app.MapHubAdmin();
        app.MapHubDefaults();
        app.MapDashboard();
        app.MapHubSandbox();
        return app;
    }
}
