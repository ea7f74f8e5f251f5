using OcpiHub.Core.Sync;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.ChargingProfiles;
using OcpiHub.Server.Commands;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Sync;
using OcpiHub.Storage;

namespace OcpiHub.Server.Data;

/// <summary>How data moves through the hub: routing, the change pipeline and deliveries, forwarding and commands, pulls, and the message log.</summary>
public static class DataFlowServices
{
    public static IServiceCollection AddHubDataFlow(this IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<MessageRecorder>();
        services.AddHostedService<MessageLogWriter>();
        services.AddTransient<MessageRetention>();
        services.AddHostedService<MessageRetentionWorker>();
        services.AddHubDeliveryRetention();

        services.AddSingleton<HubRouting>();
        services.AddSingleton<Forwarder>();
        services.AddSingleton<Receivers>();
        services.AddSingleton<Tokens.RevealedLocations>();
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
        services.AddSingleton<AgreementBackfill>();
        services.AddSingleton<BackfillNudge>();
        services.AddHostedService<AgreementBackfillWorker>();
        services.AddTransient<WithdrawalRetention>();
        services.AddHostedService<WithdrawalRetentionWorker>();
        services.AddSingleton<Tariffs.LocationsNamingTariffs>();
        services.AddSingleton<Tariffs.TariffValidity>();
        services.AddSingleton<Tariffs.TariffRechecks>();
        services.AddHostedService<Tariffs.TariffRecheckWorker>();
        services.AddHostedService<Tariffs.TariffValidityWorker>();

        services.AddSingleton<SyncRunner>();
        services.AddSingleton<SyncRuns>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncRuns>());
        services.AddSingleton(SyncSchedule.From(options.Sync)); // checked with the settings
        services.AddHostedService<SyncScheduler>();

        services.AddSingleton<CommandRelays>();
        services.AddSingleton<RelayedForwarding>();
        services.AddSingleton<CommandForwarding>();
        services.AddSingleton<ChargingProfileForwarding>();
        services.AddHostedService<CommandTimeoutWorker>();
        services.AddSingleton<ReservationRetentionStore>();
        services.AddTransient<ReservationRetention>();
        services.AddHostedService<ReservationRetentionWorker>();
        return services;
    }
}
