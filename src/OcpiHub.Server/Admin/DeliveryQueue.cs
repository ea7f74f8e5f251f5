using OcpiHub.Core.Data;
using OcpiHub.Server.Deliveries;

namespace OcpiHub.Server.Admin;

/// <summary>The delivery queue for operators, for the admin API and the dashboard alike: listing by status, re-driving.</summary>
public sealed class DeliveryQueue(IDataStore data, DeliveryRedrive redrive)
{
    public const int MaxLimit = 1000;

    /// <summary>The statuses an operator lists by; <c>failed</c> are pending deliveries that failed at least once.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["pending", "failed", "dead", "done"];

    /// <summary>
    /// The deliveries of <paramref name="status"/> (to <paramref name="receiverPlatformId"/> only, when given), oldest first;
    /// null for a status that is none of <see cref="Statuses"/>.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryView>?> ListAsync(string status, int limit, CancellationToken cancellationToken, string? receiverPlatformId = null)
    {
        if (StateOf(status) is not { } of)
            return null;
        var found = await data.ListDeliveriesAsync(of.State, of.FailedOnly, Math.Clamp(limit, 1, MaxLimit), receiverPlatformId, cancellationToken: cancellationToken);
        return found.Select(DeliveryView.Of).ToList();
    }

    private static (DeliveryStatus State, bool FailedOnly)? StateOf(string status) => status.ToLowerInvariant() switch
    {
        "pending" => (DeliveryStatus.Pending, false),
        "failed" => (DeliveryStatus.Pending, true),
        "dead" => (DeliveryStatus.Dead, false),
        "done" => (DeliveryStatus.Done, false),
        _ => null,
    };

    public Task<RedriveOutcome> RedriveAsync(long id, CancellationToken cancellationToken) => redrive.RedriveAsync(id, cancellationToken);

    /// <summary>
    /// Re-drives every failed and dead delivery to <paramref name="receiverPlatformId"/>, page by page of that receiver's
    /// own (however many other receivers have); how many went, and the refusals.
    /// </summary>
    public async Task<(int Redriven, IReadOnlyList<string> Refused)> RedriveAllAsync(string receiverPlatformId, CancellationToken cancellationToken)
    {
        var redriven = 0;
        var refused = new List<string>();
        foreach (var (state, failedOnly) in new[] { (DeliveryStatus.Pending, true), (DeliveryStatus.Dead, false) })
        {
            // A re-driven dead delivery is failed, not dead, from then: the failed ones are done first, and each page starts after the last.
            for (long after = 0; await data.ListDeliveriesAsync(state, failedOnly, MaxLimit, receiverPlatformId, after, cancellationToken) is { Count: > 0 } page;
                 after = page[^1].Seq)
            {
                foreach (var delivery in page)
                {
                    var outcome = await redrive.RedriveAsync(delivery.Seq, cancellationToken);
                    if (outcome.Refused is { } reason)
                        refused.Add($"{delivery.Seq}: {reason}");
                    else if (outcome.Found)
                        redriven++;
                }
            }
        }
        return (redriven, refused);
    }
}
