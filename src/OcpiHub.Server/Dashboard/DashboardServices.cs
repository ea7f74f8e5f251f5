using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Server.Hosting;
using OcpiHub.Storage;

namespace OcpiHub.Server.Dashboard;

/// <summary>The dashboard and what only it reads: the object catalogue, traffic figures and backlog samples.</summary>
public static class DashboardServices
{
    public static IServiceCollection AddHubDashboard(this IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<IObjectCatalog, ObjectCatalog>();
        services.AddSingleton<ITrafficStats, TrafficStats>();
        services.AddSingleton<BacklogSamples>();
        services.AddHostedService(provider => provider.GetRequiredService<BacklogSamples>());
        return services.AddDashboard(options.DataFolder, secureCookie: options.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
    }
}
