using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

public enum DeliveryStatus
{
    /// <summary>Waiting for its turn or its next attempt.</summary>
    Pending,
    /// <summary>The receiver accepted it.</summary>
    Done,
    /// <summary>Given up after the retry window or a permanent refusal; an operator can re-drive it.</summary>
    Dead,
}

/// <summary>What an operator's re-drive (<see cref="IDataStore.RetryAsync"/>) did.</summary>
public enum RetryResult
{
    Retried,
    /// <summary>No such delivery, or it was delivered.</summary>
    NotFound,
    /// <summary>A node holds it and is sending it now.</summary>
    BeingSent,
    /// <summary>Pending and never attempted: it goes in its turn.</summary>
    NotFailed,
}

/// <summary>
/// One message the hub owes one receiver: the operation on an object (<c>Method</c> on <c>Path</c>, the part of
/// the URL after the owner's ids) with its canonical payload, translated for the receiver when it is sent. It is
/// retried until <see cref="RetryWindowFrom"/> plus the retry window: its creation, or the operator's re-drive.
/// </summary>
public sealed record Delivery(
    long Seq, string ReceiverPlatformId, PartyKey Receiver, PartyKey Sender, DataModule Module, PartyKey Owner, string ObjectKey,
    string Method, string Path, string? Payload, string CorrelationId, DeliveryStatus Status, int Attempts,
    DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset RetryWindowFrom, string? LastError);

/// <summary>A delivery to enqueue with an object change.</summary>
public sealed record NewDelivery(string ReceiverPlatformId, PartyKey Receiver, PartyKey Sender, string Method, string Path, string? Payload);

/// <summary>
/// What a node sends as one stream: a receiver's data changes, or the command results relayed to it. Results go apart,
/// so that an eMSP's result never waits behind a backlog of that eMSP's Location changes (an app waits for it).
/// </summary>
public readonly record struct DeliveryLaneKey(string ReceiverPlatformId, bool Results)
{
    public static DeliveryLaneKey Of(Delivery delivery) => new(delivery.ReceiverPlatformId, IsResult(delivery.Module));

    /// <summary>Relayed command and charging-profile results are queued under the Commands module (<see cref="DataModule.Commands"/>).</summary>
    public static bool IsResult(DataModule module) => module == DataModule.Commands;
}
