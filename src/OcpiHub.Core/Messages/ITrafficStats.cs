namespace OcpiHub.Core.Messages;

/// <summary>How many messages went in and out of the hub in one minute (starting at <c>Minute</c>).</summary>
public sealed record TrafficMinute(DateTimeOffset Minute, int In, int Out);

/// <summary>The hub's traffic for the operators' overview: messages per minute, and the delivery backlog now.</summary>
public interface ITrafficStats
{
    Task<IReadOnlyList<TrafficMinute>> MessagesPerMinuteAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Deliveries waiting (pending, including those that failed and wait for their next attempt).</summary>
    Task<int> BacklogAsync(CancellationToken cancellationToken = default);
}
