namespace OcpiHub.Server.Hosting;

/// <summary>Metrics, traces and logs (<c>Hub:Telemetry:*</c>; docs/operations.md).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Where Prometheus scrapes the metrics (no authentication: keep it off the public address); empty = no scrape endpoint.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// An OTLP collector to send traces and metrics to (gRPC, e.g. <c>http://collector:4317</c>); empty = the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable's, and when neither is set, no export.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Console logs as one JSON object a line (scopes included: node, correlation and request ids), for a log collector.</summary>
    public bool JsonConsoleLogs { get; set; }

    /// <summary>How often the delivery backlog is counted in the store for the gauges (and, when fresh, the readiness check).</summary>
    public double DeliveryCountSeconds { get; set; } = 15;

    public TelemetryOptions Check()
    {
        if (!(DeliveryCountSeconds > 0))
            throw new ArgumentException($"Hub:Telemetry:DeliveryCountSeconds must be above 0, not {DeliveryCountSeconds}");
        if (MetricsPath.Length > 0 && !MetricsPath.StartsWith('/'))
            throw new ArgumentException($"Hub:Telemetry:MetricsPath must start with /, not {MetricsPath}");
        if (OtlpEndpoint.Length > 0 && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https"))
            throw new ArgumentException($"Hub:Telemetry:OtlpEndpoint must be an http or https URL, not {OtlpEndpoint}");
        return this;
    }
}
