using OcpiHub.Server.Agreements;
using OcpiHub.Server.ChargingProfiles;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Data;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Ocpi;

/// <summary>The hub as an OCPI party: its partners' connections, the handshake, liveness of partners, and the routes under <c>/ocpi</c>.</summary>
public static class OcpiServices
{
    public static IServiceCollection AddHubOcpi(this IServiceCollection services)
    {
        // Every call to a partner is in the message log (PartnerClient) and in traces and metrics; the client factory's own
        // loggers would add four lines of information a call (a delivery), thousands a second under load.
        services.AddHttpClient<PartnerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => PartnerConnections.Handler(provider.GetRequiredService<HubOptions>().AllowPrivatePartnerAddresses))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton<HubCredentials>();
        services.AddTransient<Registration>();
        services.AddTransient<ClientInfoNotifier>();
        services.AddTransient<ConnectionMonitor>();
        services.AddSingleton<LastSeenRecorder>();
        services.AddHostedService<LastSeenWriter>();
        services.AddTransient<AgreementService>();
        services.AddHostedService<ConnectionProbeWorker>();
        return services;
    }

    public static WebApplication MapHubOcpi(this WebApplication app)
    {
        var ocpi = app.MapGroup("/ocpi");
        ocpi.MapVersions();
        ocpi.MapCredentials();
        ocpi.MapHubClientInfo();
        ocpi.MapCommands();
        ocpi.MapCommandResults();
        ocpi.MapChargingProfiles();
        foreach (var shape in DataShapes.All.Values)
        {
            ocpi.MapDataReceiver(shape);
            ocpi.MapDataSender(shape);
        }
        ocpi.MapAuthorization();
        return app;
    }
}
