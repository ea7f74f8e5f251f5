using System.Diagnostics.Metrics;
using OcpiHub.Server.Messages;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting.Telemetry;

/// <summary>
/// The delivery backlog per receiver (pending, failed and waiting to be retried, dead) and the message log's queue,
/// as gauges. The backlog is counted in the store every <c>Hub:Telemetry:DeliveryCountSeconds</c>, not at each scrape
/// (a scrape must stay cheap however long a backlog grows); a receiver once seen is reported with 0 when it has
/// nothing left, so its line drops to 0 instead of vanishing. The readiness check reads the same counts.
/// </summary>
public sealed class DeliveryGauges : BackgroundService
{
    private readonly DeliveryCounts store;
    private readonly TelemetryOptions options;
    private readonly ILogger<DeliveryGauges> log;
    private readonly Lock gate = new();
    private Dictionary<string, ReceiverDeliveryCounts> latest = [];
    private DateTimeOffset countedAt = DateTimeOffset.MinValue;

    public DeliveryGauges(DeliveryCounts store, HubTelemetry telemetry, MessageRecorder messages, HubOptions hub, ILogger<DeliveryGauges> log)
    {
        this.store = store;
        options = hub.Telemetry;
        this.log = log;
        var meter = telemetry.Meter;
        meter.CreateObservableGauge("ocpihub.deliveries.pending", () => Each(c => c.Pending), description: "Deliveries waiting to be sent, by receiver");
        meter.CreateObservableGauge("ocpihub.deliveries.failed", () => Each(c => c.Failed),
            description: "Waiting deliveries that failed at least once and wait for their next attempt, by receiver");
        meter.CreateObservableGauge("ocpihub.deliveries.dead", () => Each(c => c.Dead), description: "Deliveries given up (dead letters), by receiver");
        meter.CreateObservableGauge("ocpihub.message_log.queue", () => messages.Pending.Count, description: "Message log entries waiting to be written");
        meter.CreateObservableCounter("ocpihub.message_log.lost", () => messages.Lost, description: "Message log entries that could not be written");
    }

    /// <summary>The counts at most <paramref name="maxAge"/> old: the last ones, or counted now.</summary>
    public async Task<IReadOnlyCollection<ReceiverDeliveryCounts>> CountsAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        lock (gate)
            if (DateTimeOffset.UtcNow - countedAt <= maxAge)
                return latest.Values;
        return await CountAsync(cancellationToken);
    }

    private async Task<IReadOnlyCollection<ReceiverDeliveryCounts>> CountAsync(CancellationToken cancellationToken)
    {
        var counted = await store.PerReceiverAsync(cancellationToken);
        lock (gate)
        {
            var next = latest.Keys.ToDictionary(receiver => receiver, receiver => new ReceiverDeliveryCounts(receiver, 0, 0, 0));
            foreach (var counts in counted)
                next[counts.Receiver] = counts;
            latest = next;
            countedAt = DateTimeOffset.UtcNow;
            return latest.Values;
        }
    }

    private IEnumerable<Measurement<long>> Each(Func<ReceiverDeliveryCounts, long> value)
    {
        lock (gate)
            return latest.Values.Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("receiver", c.Receiver))).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.DeliveryCountSeconds));
        do
        {
            try
            {
                await CountAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is out of reach: the readiness check says so; the gauges keep their last counts.
                log.LogWarning("could not count the delivery backlog: {Problem}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
