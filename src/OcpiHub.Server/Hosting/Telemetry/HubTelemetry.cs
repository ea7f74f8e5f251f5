using System.Diagnostics;
using System.Diagnostics.Metrics;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Hosting.Telemetry;

/// <summary>
/// The hub's own traces and metrics, named <see cref="Name"/> (docs/operations.md lists every instrument): what
/// partners ask of it, what it forwards, delivers and pulls, and what its translations lose. The backlog gauges
/// are <see cref="DeliveryGauges"/>'s. Tags are bounded: platform ids, modules, versions, statuses, field names.
/// </summary>
public sealed class HubTelemetry
{
    public const string Name = "OcpiHub";

    /// <summary>Spans of the hub's own work (a delivery, a forwarded request, a sync run), children of the request or run that caused it.</summary>
    public static readonly ActivitySource Source = new(Name);

    // From a fast partner on the same network to the forwarding budgets (3 s, 10 s) and the call budget (15 s).
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30] };

    private readonly Counter<long> requests;
    private readonly Histogram<double> forwardDuration;
    private readonly Counter<long> deliveries;
    private readonly Histogram<double> deliveryDuration;
    private readonly Counter<long> collapsed;
    private readonly Counter<long> losses;
    private readonly Counter<long> syncRuns;
    private readonly Counter<long> syncObjects;

    public HubTelemetry(IMeterFactory meters)
    {
        Meter = meters.Create(Name);
        requests = Meter.CreateCounter<long>("ocpihub.requests", description: "OCPI requests partners made of the hub, by platform, module, method, version and OCPI status");
        forwardDuration = Meter.CreateHistogram("ocpihub.forward.duration", "s",
            "Requests forwarded in real time (authorizations, commands), from sending to the receiver's answer or the hub's failure", advice: Seconds);
        deliveries = Meter.CreateCounter<long>("ocpihub.deliveries", description: "Delivery attempts by receiver, module and outcome");
        deliveryDuration = Meter.CreateHistogram("ocpihub.delivery.duration", "s", "One delivery attempt, translation and call, by receiver and module",
            advice: Seconds);
        collapsed = Meter.CreateCounter<long>("ocpihub.deliveries.collapsed",
            description: "Queued changes not sent to a receiver behind on their object, as its latest full state, sent instead, held them; by receiver and module");
        losses = Meter.CreateCounter<long>("ocpihub.translation.losses",
            description: "What a down-translation could not carry, per sent delivery: by receiver, module and field (Object.field)");
        syncRuns = Meter.CreateCounter<long>("ocpihub.sync.runs", description: "Sync runs ended, by platform, module and status");
        syncObjects = Meter.CreateCounter<long>("ocpihub.sync.objects", description: "Objects read by sync runs, by platform, module and result (changed, unchanged, invalid)");
    }

    public Meter Meter { get; }

    public void Request(string? platform, string? module, string method, string? version, int? ocpiStatus) =>
        requests.Add(1, new TagList
        {
            { "platform", platform ?? "" }, { "module", module ?? "" }, { "method", method }, { "version", version ?? "" },
            { "ocpi_status", ocpiStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" },
        });

    public void Forwarded(string kind, string module, int ocpiStatus, TimeSpan took) =>
        forwardDuration.Record(took.TotalSeconds, new TagList
        {
            { "kind", kind }, { "module", module }, { "ocpi_status", ocpiStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });

    public void Delivered(string receiver, string module, string outcome, TimeSpan took)
    {
        var tags = new TagList { { "receiver", receiver }, { "module", module } };
        deliveryDuration.Record(took.TotalSeconds, tags);
        tags.Add("outcome", outcome);
        deliveries.Add(1, tags);
    }

    public void Collapsed(string receiver, string module, int changes) =>
        collapsed.Add(changes, new TagList { { "receiver", receiver }, { "module", module } });

    public void Lost(string receiver, string module, IEnumerable<TranslationLoss> lost)
    {
        foreach (var loss in lost)
            losses.Add(1, new TagList { { "receiver", receiver }, { "module", module }, { "field", $"{loss.Object}.{loss.Field}" } });
    }

    public void SyncRunEnded(string platform, string module, string status) =>
        syncRuns.Add(1, new TagList { { "platform", platform }, { "module", module }, { "status", status } });

    public void SyncPage(string platform, string module, int changed, int unchanged, int invalid)
    {
        foreach (var (result, count) in new[] { ("changed", changed), ("unchanged", unchanged), ("invalid", invalid) })
            if (count > 0)
                syncObjects.Add(count, new TagList { { "platform", platform }, { "module", module }, { "result", result } });
    }
}
