using OcpiHub.Core.Agreements;
using OcpiHub.Core.Commands;
using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Sync;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.ClientInfo;
using OcpiHub.Server.Dashboard;
using OcpiHub.Server.ChargingProfiles;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Data;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Hosting.Limits;
using OcpiHub.Server.Sync;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Onboarding;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>Builds the hub: configuration (checked), database (migrated), services, the OCPI and admin routes.</summary>
public static class HubApplication
{
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
        var options = builder.Configuration.GetSection("Hub").Get<HubOptions>() ?? new HubOptions();
        var schedule = HubConfigurationException.Check(() => SyncSchedule.From(options.Sync));
        var node = HubConfigurationException.Check(() => new HubNode(options.NodeId));
        HubConfigurationException.Check(options.CheckDeliverySettings);
        builder.WebHost.UseUrls(options.Listen);
        builder.AddHubLimits(options);

        var database = string.IsNullOrWhiteSpace(options.PostgreSql)
            ? HubDatabase.Sqlite(Path.Combine(options.DataFolder, "ocpihub.db"))
            : HubDatabase.PostgreSql(options.PostgreSql);
        await Migrator.MigrateAsync(database);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(node);
        services.AddSingleton(database);
        var secrets = HubSecrets.Load(options, announce ?? Console.Out);
        if (!await TokenKeyCheck.AcceptAsync(database, secrets.Cipher, clock ?? TimeProvider.System))
            throw new HubConfigurationException("the partner tokens in the database are sealed under another token key than this node's: give every node "
                                                + "the same Hub:SecretsFile (or Hub:TokenKey); after a rotation keep the old key in PreviousTokenKeys");
        services.AddSingleton(secrets);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<SharedStateVersion>();
        services.AddHostedService<SharedStateListener>();
        services.AddSingleton<PlatformStore>();
        services.AddSingleton<IPlatformStore, CachingPlatformStore>();
        services.AddSingleton<AgreementStore>();
        services.AddSingleton<IAgreementStore, CachingAgreementStore>();
        services.AddSingleton<IMessageLog, MessageLogStore>();
        services.AddSingleton<MessageRecorder>();
        services.AddHostedService<MessageLogWriter>();
        services.AddTransient<MessageRetention>();
        services.AddHostedService<MessageRetentionWorker>();
        services.AddHttpClient<PartnerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(PartnerConnections.Handler)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<HubCredentials>();
        services.AddTransient<Registration>();
        services.AddTransient<ClientInfoNotifier>();
        services.AddTransient<ConnectionMonitor>();
        services.AddSingleton<LastSeenRecorder>();
        services.AddHostedService<LastSeenWriter>();
        services.AddTransient<AgreementService>();
        services.AddSingleton<AgreementBackfill>();
        services.AddHostedService<ConnectionProbeWorker>();
        services.AddSingleton<IDataStore, DataStore>();
        services.AddSingleton<ISyncRunStore, SyncRunStore>();
        services.AddSingleton<NodeLeaseStore>();
        services.AddSingleton<HubRouting>();
        services.AddSingleton<Forwarder>();
        services.AddSingleton<Receivers>();
        services.AddSingleton<DeliveryNudge>();
        services.AddSingleton<DeliverySender>();
        services.AddSingleton<DeliveryRedrive>();
        services.AddSingleton<StoreLookup>();
        services.AddSingleton<ChangePipeline>();
        services.AddSingleton<DataPush>();
        services.AddSingleton<OwnerNames>();
        services.AddSingleton<Presenter>();
        services.AddSingleton<WireForms>();
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton<SyncRunner>();
        services.AddSingleton<SyncRuns>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncRuns>());
        services.AddSingleton(schedule);
        services.AddHostedService<SyncScheduler>();
        services.ConfigureHttpJsonOptions(json => AdminJson.Configure(json.SerializerOptions));
        services.AddSingleton<ICommandStore, CommandStore>();
        services.AddSingleton<CommandRelays>();
        services.AddSingleton<RelayedForwarding>();
        services.AddSingleton<CommandForwarding>();
        services.AddSingleton<ChargingProfileForwarding>();
        services.AddHostedService<CommandTimeoutWorker>();
        services.AddTransient<PlatformEditor>();
        services.AddTransient<SyncStarter>();
        services.AddTransient<DeliveryQueue>();
        services.AddTransient<CommandStates>();
        services.AddSingleton<IObjectCatalog, ObjectCatalog>();
        services.AddSingleton<ITrafficStats, TrafficStats>();
        services.AddSingleton<BacklogSamples>();
        services.AddHostedService(provider => provider.GetRequiredService<BacklogSamples>());
        services.AddDashboard(options.DataFolder);
        services.AddOpenApi();

        var app = builder.Build();
        app.UseNodeLogScope();
        app.UseOcpiTracing();
        app.UseInboundMessageLog();
        app.UseExceptionHandler(errors => errors.Run(ErrorResponses.WriteAsync));
        app.UseHubLimits();
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
        app.MapAdmin();
        app.MapHealth();
        app.MapOpenApi();
        app.MapDashboard();
        return app;
    }
}
