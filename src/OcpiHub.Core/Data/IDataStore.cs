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
    /// The positions and row versions of up to <c>Limit + 1</c> objects of the query, in page order, read from an
    /// index without the bodies (a page served from kept wire forms reads no body it has).
    /// </summary>
    Task<IReadOnlyList<ObjectStamp>> StampsAsync(ObjectQuery query, CancellationToken cancellationToken = default);

    /// <summary>The stored objects at <paramref name="positions"/> that still exist, in one query.</summary>
    Task<IReadOnlyList<StoredObject>> FindManyAsync(DataModule module, IReadOnlyList<ObjectPosition> positions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes <paramref name="objects"/> in one transaction that holds each of them against every other writer, in
    /// this hub node and in others on the same database. In turn, each object's stored copy (as the batch has left it
    /// so far; null when there is none) is given to <paramref name="change"/> with the object's index, and what it
    /// answers is written (null: nothing). One commit for the whole batch: all of it is kept, or none.
    /// </summary>
    Task ChangeAsync(IReadOnlyList<ObjectAddress> objects, Func<int, StoredObject?, Task<ObjectWrite?>> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: enqueues deliveries of objects' states without storing them (a ClientInfo, which the hub
    /// derives; stored objects a new agreement brings), collapsing a failing receiver's backlog as
    /// <see cref="ChangeAsync"/> does.
    /// </summary>
    Task EnqueueAsync(IReadOnlyList<ObjectDelivery> deliveries, string correlationId, bool collapse, CancellationToken cancellationToken = default);

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
