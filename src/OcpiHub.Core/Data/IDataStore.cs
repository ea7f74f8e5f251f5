using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

/// <summary>
/// Finds objects of the hub's copy by a field: what deciding an object's audience reads (the tokens an unpublished
/// Location names), from the store or, while a change is decided, in that change's transaction.
/// </summary>
public interface IObjectFinder
{
    /// <summary>
    /// Objects of <paramref name="module"/> whose top-level JSON field equals the value given with it, for any of
    /// <paramref name="wanted"/>, without regard to case (a 2.1.1 <c>auth_id</c> names a Token by its <c>contract_id</c>;
    /// the entries of a page's unpublished Locations name Tokens by <c>uid</c>, <c>visual_number</c> or <c>group_id</c>):
    /// in one query however many are asked, by index for those four fields of Tokens. An object found by two fields may
    /// be answered twice.
    /// </summary>
    Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted,
        CancellationToken cancellationToken = default);

    /// <summary>Objects of <paramref name="module"/> whose top-level JSON <paramref name="field"/> equals <paramref name="value"/> without regard to case.</summary>
    Task<IReadOnlyList<StoredObject>> FindByFieldAsync(DataModule module, string field, string value, CancellationToken cancellationToken = default) =>
        FindByFieldsAsync(module, [(field, value)], cancellationToken);

    /// <summary>
    /// Objects of <paramref name="module"/> that name one of <paramref name="tokenNames"/> (<see cref="Visibility.TokensNamedBy(OcpiHub.Protocol.V230.Location)"/>:
    /// an unpublished Location naming a token), found by index. In a change's transaction, held against every other
    /// writer as the change's own objects are, so that what is read is the latest state; the names are held first,
    /// so that a change naming one of them at the same time is either read or waits for this one (<see cref="IDataStore.ChangeAsync"/>).
    /// </summary>
    Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames, CancellationToken cancellationToken = default);
}

/// <summary>The hub's copy of partners' objects and the outbox of deliveries, changed together.</summary>
public interface IDataStore : IObjectFinder
{
    Task<StoredObject?> FindAsync(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken = default);

    /// <summary>Objects with <paramref name="id"/> among several owners (a 2.1.1 GET names no owner).</summary>
    Task<IReadOnlyList<StoredObject>> FindByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default);

    Task<ObjectPage> PageAsync(ObjectQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The positions and row versions of up to <c>Limit + 1</c> objects of the query, in page order, read from an
    /// index without the bodies (a page served from kept wire forms reads no body it has).
    /// </summary>
    Task<IReadOnlyList<ObjectStamp>> StampsAsync(ObjectQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The positions and row versions of the objects with <paramref name="id"/> among several owners, without their
    /// bodies (a single object served from its kept wire form reads no body).
    /// </summary>
    Task<IReadOnlyList<ObjectStamp>> StampsByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The objects of <paramref name="module"/> that have one of the top-level JSON <paramref name="fields"/> (not null):
    /// a scan of the module's rows (a Tariff's validity period, read each minute: Tariffs are hundreds to thousands).
    /// </summary>
    Task<IReadOnlyList<StoredObject>> FindHavingAsync(DataModule module, IReadOnlyList<string> fields, CancellationToken cancellationToken = default);

    /// <summary>
    /// The positions of <paramref name="owner"/>'s Locations whose connectors name one of <paramref name="tariffIds"/>
    /// (any case) in their <c>tariff_ids</c>, in page order: found in an index the store keeps with every write of a
    /// Location, however many Locations the owner has.
    /// </summary>
    Task<IReadOnlyList<ObjectStamp>> LocationsNamingTariffsAsync(PartyKey owner, IReadOnlyCollection<string> tariffIds,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Raises the <c>last_updated</c> 2.1.1 readers see of <paramref name="objects"/> (<see cref="StoredObject.LastUpdatedFor211"/>)
    /// to <paramref name="at"/>, where older: their 2.1.1 form changed then, their bodies did not (a connector's
    /// <c>tariff_id</c> as a tariff ended). Their owner's next change sets it anew, never below it (a change dated before is dated when stored). Their row version moves on too, as
    /// what their 2.1.1 readers are served was made from it (Server's <c>WireForms</c>).
    /// </summary>
    Task ChangedFor211Async(IReadOnlyList<ObjectAddress> objects, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The stored objects at <paramref name="positions"/> that still exist, in one query.</summary>
    Task<IReadOnlyList<StoredObject>> FindManyAsync(DataModule module, IReadOnlyList<ObjectPosition> positions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes <paramref name="objects"/> in one transaction that holds each of them against every other writer, in
    /// this hub node and in others on the same database. In turn, each object's stored copy (as the batch has left it
    /// so far; null when there is none) is given to <paramref name="change"/> with the object's index and a finder
    /// that reads in the transaction (a change holding a pooled connection never waits for a second one), and what
    /// it answers is written (null: nothing). Then <paramref name="bring"/>, when given, answers the deliveries of other
    /// stored objects the batch as a whole brings their receivers (found and held through the finder), queued once for
    /// the batch with its first write's correlation id. One commit for the whole batch: all of it is kept, or none.
    /// <paramref name="tokenNames"/>, the tokens the batch's objects may come to name, are held before the objects, as
    /// <see cref="IObjectFinder.FindNamingAsync"/> holds the names it looks up: of a Location naming a token and that
    /// token stored at the same time, one waits for the other's commit and finds what it wrote.
    /// </summary>
    Task ChangeAsync(IReadOnlyList<ObjectAddress> objects, Func<int, StoredObject?, IObjectFinder, Task<ObjectWrite?>> change,
        Func<IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>>? bring = null, IReadOnlyCollection<string>? tokenNames = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A removal of <paramref name="removed"/> queued for a receiver at <paramref name="queuedAt"/> while data flowed to it, found unsendable as data
    /// between them has stopped since (<paramref name="stopped"/>, asked with receivers read at least as new as the
    /// shared state version the object is held at, as a change's writer decides by): recorded again as stopped reaching,
    /// at that version, so the withdraw of the resumption ending the stop (its window starts at the stop's version, after
    /// the removal) sends it. False, and nothing recorded, when data flows again: the removal can be sent. Nothing is
    /// recorded for an object stored (again) now: the resumption brings what the receiver may see of it as it stands.
    /// </summary>
    Task<bool> RemovalStoppedAsync(ObjectAddress removed, DateTimeOffset queuedAt, Func<Task<bool>> stopped, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: enqueues deliveries of objects' states without storing them (a ClientInfo, which the hub
    /// derives; stored objects a new agreement brings), collapsing a failing receiver's backlog as
    /// <see cref="ChangeAsync"/> does.
    /// </summary>
    Task EnqueueAsync(IReadOnlyList<ObjectDelivery> deliveries, string correlationId, bool collapse, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: holds <paramref name="objects"/> against every other writer as <see cref="ChangeAsync"/> does,
    /// reads them, and enqueues what <paramref name="deliveriesOf"/> answers for each one still stored, collapsing as
    /// <see cref="EnqueueAsync"/> does: deliveries of stored objects whose audience changed with time alone (a Tariff's
    /// validity period) that never overtake, at the receiver, a change of the object made while they are decided.
    /// </summary>
    Task EnqueueHeldAsync(IReadOnlyList<ObjectAddress> objects, Func<StoredObject, IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>> deliveriesOf,
        string correlationId, bool collapse, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="EnqueueHeldAsync"/>, with the objects of <paramref name="module"/> removed after
    /// <paramref name="since"/>, each as last stored and with its removal's time as its <c>LastUpdated</c>; one stored
    /// again since is skipped.
    /// </summary>
    Task EnqueueForRemovedAsync(DataModule module, DateTimeOffset since, Func<StoredObject, IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>> deliveriesOf,
        string correlationId, bool collapse, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases to <paramref name="lease"/>'s node up to <paramref name="max"/> due deliveries of each kind of lane
    /// (<see cref="DeliveryLaneKey"/>) other than <paramref name="busyLanes"/>: for each receiver and object, its
    /// consecutive pending changes from the oldest on, which the caller sends in order (so each receiver gets an
    /// object's changes in order, whichever node sends them). A delivery whose lease expired (its node died) is due
    /// again. Several nodes claiming at once never get one delivery twice, nor one object's changes to one receiver.
    /// </summary>
    Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, NodeLease lease, int max, IReadOnlyCollection<DeliveryLaneKey> busyLanes,
        CancellationToken cancellationToken = default);

    /// <summary>Keeps those of <paramref name="seqs"/> that <paramref name="lease"/>'s node still holds leased until its end.</summary>
    Task RenewLeasesAsync(NodeLease lease, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the pending deliveries <paramref name="node"/> holds due again at once: all of them (at start and stop; a
    /// node never releases another node's), or only <paramref name="seqs"/>.
    /// </summary>
    Task ReleaseLeasesAsync(string node, IReadOnlyCollection<long>? seqs = null, CancellationToken cancellationToken = default);

    // What became of a delivery is recorded only while the node still holds its lease: a delivery whose lease
    // another node took over is that node's to record.

    /// <summary>
    /// Turns a refused change into a PUT of the object's full state as stored now (at <paramref name="pathOf"/> its
    /// id), due at once. The receiver's pending changes of the object queued after it, up to a DELETE, are contained in
    /// that state and dropped, in the transaction that reads it: sent after it, a Session PATCH would add its charging
    /// periods a second time. A DELETE and what follows it stay. Only for modules that collapse (never a CDR or a
    /// result). False when the object is gone, or the node no longer holds the delivery.
    /// </summary>
    Task<bool> RewriteAsFullStateAsync(long seq, string node, Func<string, string> pathOf, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends a receiver's <paramref name="run"/> of pending changes of one object (oldest first, all held by
    /// <paramref name="node"/>) and the changes of it queued for the receiver after the run as one: the run's first
    /// becomes a PUT of the object's full state as stored now (at <paramref name="pathOf"/> its id), still held; the
    /// others, which that state contains, are dropped in the transaction that reads it. Nothing changes (null) when no
    /// change follows the first, when one that follows the run is a DELETE or is held by a node, when the object is
    /// gone, when <paramref name="receiverMaySee"/> says the receiver may not see the stored body (given a finder that
    /// reads in the transaction), or when the node no longer holds the whole run under a lease live when the collapse
    /// runs (which can be after a wait for its turn). Only for modules that collapse and are stored. The PUT's path and
    /// body, and how many changes were dropped.
    /// </summary>
    Task<(string Path, string Body, int Dropped)?> CollapseRunAsync(IReadOnlyList<Delivery> run, string node, Func<string, string> pathOf,
        Func<string, IObjectFinder, Task<bool>> receiverMaySee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a delivery to the receiver platform <paramref name="platformId"/> (its receiver party's platform now), due at
    /// once in that platform's lane. With <paramref name="fullStatePathOf"/> it becomes a PUT of the object as stored
    /// now (at that path of its id): changes queued for the new platform may have gone there before it.
    /// </summary>
    Task MoveToPlatformAsync(long seq, string node, string platformId, Func<string, string>? fullStatePathOf = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the receivers' acceptance of <paramref name="seqs"/>, in one write; those recorded, which are those
    /// <paramref name="node"/> still held (a lease run out and taken over by another node is not).
    /// </summary>
    Task<IReadOnlyCollection<long>> CompleteAsync(IReadOnlyCollection<long> seqs, string node, CancellationToken cancellationToken = default);
    Task RescheduleAsync(long seq, string node, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken = default);
    Task GiveUpAsync(long seq, string node, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deliveries by status, oldest first from after <paramref name="afterSeq"/> (a page's last); <c>failed</c> are pending ones that
    /// have failed at least once; only those to <paramref name="receiverPlatformId"/> when it is given.
    /// </summary>
    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus status, bool failedOnly, int limit, string? receiverPlatformId = null, long afterSeq = 0,
        CancellationToken cancellationToken = default);

    Task<Delivery?> FindDeliveryAsync(long seq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-drives a dead or failing delivery as <paramref name="method"/> on <paramref name="path"/> with
    /// <paramref name="payload"/>: due now, with a whole retry window from now. Not one a node is sending now (its
    /// attempt's outcome is recorded only while the node holds it), nor one pending that was never attempted.
    /// </summary>
    /// <remarks>
    /// With <paramref name="fullStatePathOf"/>, a stored object's change goes as a PUT of the object as stored when the
    /// re-drive is written (at that path of its id), and drops what that state holds as <see cref="RewriteAsFullStateAsync"/> does.
    /// </remarks>
    Task<RetryResult> RetryAsync(long seq, string method, string path, string? payload, DateTimeOffset now, Func<string, string>? fullStatePathOf = null,
        CancellationToken cancellationToken = default);
}
