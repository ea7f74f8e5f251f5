using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

/// <summary>The hub's copy of partners' objects and the outbox of deliveries, changed together.</summary>
public interface IDataStore
{
    Task<StoredObject?> FindAsync(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken = default);

    /// <summary>Objects with <paramref name="id"/> among several owners (a 2.1.1 GET names no owner).</summary>
    Task<IReadOnlyList<StoredObject>> FindByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Objects of <paramref name="module"/> whose top-level JSON <paramref name="field"/> equals <paramref name="value"/>
    /// without regard to case (a 2.1.1 <c>auth_id</c> names a Token by its <c>contract_id</c>).
    /// </summary>
    Task<IReadOnlyList<StoredObject>> FindByFieldAsync(DataModule module, string field, string value, CancellationToken cancellationToken = default);

    Task<ObjectPage> PageAsync(ObjectQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: stores the object (its first-stored time kept) and enqueues the deliveries. Where
    /// <paramref name="collapse"/>, the backlog of a receiver that is failing this object (changes waiting after a
    /// failed attempt, not being sent) is replaced by one PUT of the object's full, latest state at
    /// <paramref name="fullStatePath"/> (the object's URL below its owner). <paramref name="logEntry"/>, the push's
    /// own message-log entry, is written in the same transaction.
    /// </summary>
    Task SaveAsync(StoredObject stored, string fullStatePath, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default, Messages.MessageEntry? logEntry = null);

    /// <summary>
    /// In one transaction: enqueues deliveries of an object's state without storing it (a ClientInfo, which the hub
    /// derives), collapsing a failing receiver's backlog as <see cref="SaveAsync"/> does.
    /// </summary>
    Task EnqueueAsync(StoredObject about, string fullStatePath, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: deletes the object and enqueues the deliveries (its DELETE to each receiver). Where
    /// <paramref name="collapse"/>, a receiver's waiting backlog of the object is dropped: only the DELETE matters.
    /// </summary>
    Task DeleteAsync(StoredObject deleted, IReadOnlyList<NewDelivery> deliveries, string correlationId, bool collapse,
        CancellationToken cancellationToken = default, Messages.MessageEntry? logEntry = null);

    /// <summary>
    /// Leases up to <paramref name="max"/> due deliveries, each the oldest pending one of its receiver and
    /// object (so each receiver gets an object's changes in order).
    /// </summary>
    Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string> busyReceivers,
        CancellationToken cancellationToken = default);

    /// <summary>Keeps the lease of deliveries still waiting in a lane until <paramref name="until"/>.</summary>
    Task ExtendLeasesAsync(IReadOnlyCollection<long> seqs, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>At start: deliveries leased by a hub process that died are due again (one hub node per database).</summary>
    Task ReleaseLeasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Turns a refused change into a PUT of the object's full state, due at once.</summary>
    Task RewriteAsFullStateAsync(long seq, string path, string payload, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task CompleteAsync(long seq, CancellationToken cancellationToken = default);
    Task RescheduleAsync(long seq, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken = default);
    Task GiveUpAsync(long seq, string error, CancellationToken cancellationToken = default);

    /// <summary>Deliveries by status; <c>failed</c> are pending ones that have failed at least once.</summary>
    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus status, bool failedOnly, int limit, CancellationToken cancellationToken = default);

    Task<Delivery?> FindDeliveryAsync(long seq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-drives a dead or failing delivery as <paramref name="method"/> on <paramref name="path"/> with
    /// <paramref name="payload"/>: due now, with a whole retry window from now. False if there is no such delivery
    /// or it was delivered.
    /// </summary>
    Task<bool> RetryAsync(long seq, string method, string path, string? payload, DateTimeOffset now, CancellationToken cancellationToken = default);
}
