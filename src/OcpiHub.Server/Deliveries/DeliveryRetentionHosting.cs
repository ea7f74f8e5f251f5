using OcpiHub.Storage;

namespace OcpiHub.Server.Deliveries;

public static class DeliveryRetentionHosting
{
    /// <summary>The cleanup of ended deliveries (<see cref="DeliveryRetention"/>), on one node at a time.</summary>
    public static IServiceCollection AddHubDeliveryRetention(this IServiceCollection services) => services
        .AddSingleton<DeliveryRetentionStore>()
        .AddTransient<DeliveryRetention>()
        .AddHostedService<DeliveryRetentionWorker>();
}
