namespace OcpiHub.Load;

/// <summary>One change sent to every receiver: how long until the last had it, and (through the hub) the sender's acknowledgement.</summary>
public sealed record BroadcastRound(int Receivers, double FanOutMs, double AckMs);

/// <summary>The rounds of one setting, summarised.</summary>
public sealed record BroadcastFigures(int Receivers, IReadOnlyList<BroadcastRound> Rounds)
{
    public double FanOutP50 => Percentile(r => r.FanOutMs, 0.50);
    public double FanOutP99 => Percentile(r => r.FanOutMs, 0.99);
    public double AckP50 => Percentile(r => r.AckMs, 0.50);
    public double AckP99 => Percentile(r => r.AckMs, 0.99);

    /// <summary>Deliveries per second of the median round.</summary>
    public double DeliveriesPerSecond => Receivers / (FanOutP50 / 1000);

    private double Percentile(Func<BroadcastRound, double> of, double p) => TimedLoop.Percentile(Rounds.Select(of).Order().ToArray(), p);
}
