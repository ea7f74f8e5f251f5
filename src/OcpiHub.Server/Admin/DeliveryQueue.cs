using OcpiHub.Core.Data;
using OcpiHub.Server.Deliveries;

namespace OcpiHub.Server.Admin;

/// <summary>The delivery queue for operators, for the admin API and the dashboard alike: listing by status, re-driving.</summary>
public sealed class DeliveryQueue(IDataStore data, DeliveryRedrive redrive)
{
    public const int MaxLimit = 1000;

    /// <summary>The statuses an operator lists by; <c>failed</c> are pending deliveries that failed at least once.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["pending", "failed", "dead", "done"];

    /// <summary>The deliveries of <paramref name="status"/>, oldest first; null for a status that is none of <see cref="Statuses"/>.</summary>
    public async Task<IReadOnlyList<DeliveryView>?> ListAsync(string status, int limit, CancellationToken cancellationToken)
    {
        var (state, failedOnly) = status.ToLowerInvariant() switch
        {
            "pending" => (DeliveryStatus.Pending, false),
            "failed" => (DeliveryStatus.Pending, true),
            "dead" => (DeliveryStatus.Dead, false),
            "done" => (DeliveryStatus.Done, false),
            _ => ((DeliveryStatus?)null, false),
        };
        if (state is null)
            return null;
        var found = await data.ListDeliveriesAsync(state.Value, failedOnly, Math.Clamp(limit, 1, MaxLimit), cancellationToken);
        return found.Select(DeliveryView.Of).ToList();
    }

    public Task<RedriveOutcome> RedriveAsync(long id, CancellationToken cancellationToken) => redrive.RedriveAsync(id, cancellationToken);

    /// <summary>Re-drives every failed and dead delivery to <paramref name="receiverPlatformId"/>; how many went, and the refusals.</summary>
    public async Task<(int Redriven, IReadOnlyList<string> Refused)> RedriveAllAsync(string receiverPlatformId, CancellationToken cancellationToken)
    {
        var redriven = 0;
        var refused = new List<string>();
        foreach (var status in new[] { "failed", "dead" })
        {
            foreach (var delivery in (await ListAsync(status, MaxLimit, cancellationToken))!.Where(d => d.ReceiverPlatform == receiverPlatformId))
            {
                var outcome = await redrive.RedriveAsync(delivery.Id, cancellationToken);
                if (outcome.Refused is { } reason)
                    refused.Add($"{delivery.Id}: {reason}");
                else if (outcome.Found)
                    redriven++;
            }
        }
        return (redriven, refused);
    }
}
