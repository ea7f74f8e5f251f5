namespace OcpiHub.Server.Hosting;

/// <summary>When a node stops being ready (<c>Hub:Health:*</c>; docs/operations.md).</summary>
public sealed class HealthOptions
{
    /// <summary>Deliveries waiting, all receivers together, above which the node is not ready.</summary>
    public long MaxPendingDeliveries { get; set; } = 1_000_000;

    /// <summary>Dead letters (given-up deliveries not re-driven), all receivers together, above which the node is not ready.</summary>
    public long MaxDeadDeliveries { get; set; } = 100_000;

    public HealthOptions Check()
    {
        if (MaxPendingDeliveries < 0)
            throw new ArgumentException($"Hub:Health:MaxPendingDeliveries must be 0 or more, not {MaxPendingDeliveries}");
        if (MaxDeadDeliveries < 0)
            throw new ArgumentException($"Hub:Health:MaxDeadDeliveries must be 0 or more, not {MaxDeadDeliveries}");
        return this;
    }
}
