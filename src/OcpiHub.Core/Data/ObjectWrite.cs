using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

/// <summary>Where one object is stored: its module, owner and id (compared as <see cref="StoredObject.KeyOf"/>).</summary>
public sealed record ObjectAddress(DataModule Module, PartyKey Owner, string Id);

/// <summary>
/// What one change writes, decided from the object's stored copy: <see cref="Object"/> stored (its first-stored time
/// kept) or, where <see cref="Delete"/>, removed; one delivery per receiver; the log entry of the exchange that
/// brought it. Where <see cref="Collapse"/>, a receiver failing this object (changes waiting after a failed attempt,
/// not being sent) gets one PUT of its full, latest state at <see cref="FullStatePath"/> (its URL below its owner)
/// instead of that backlog; a DELETE replaces the backlog by itself.
/// </summary>
public sealed record ObjectWrite(StoredObject Object, bool Delete, string FullStatePath, IReadOnlyList<NewDelivery> Deliveries, string CorrelationId,
    bool Collapse, MessageEntry? LogEntry)
{
    /// <summary>The tokens the object names now (<see cref="IObjectFinder.FindNamingAsync"/>), where that changes; null: as before.</summary>
    public IReadOnlyList<string>? TokensNamed { get; init; }

    /// <summary>
    /// The stored copy this change replaces, where the change stops it reaching a reader that saw it (a Location
    /// unpublished): recorded, as a removal is, for a receiver data did not reach then, to have it withdrawn later.
    /// </summary>
    public StoredObject? StoppedReaching { get; init; }

    /// <summary>
    /// Set when the objects naming this one are to be checked again after the commit (a Tariff changed in what a 2.1.1
    /// connector's choice of its one <c>tariff_id</c> reads): the key of the change, by which its own run after the
    /// commit finds its checks and no other's. Recorded in the change's transaction with the object as stored before
    /// it, so that a node lost after the commit loses no check (<c>naming_rechecks</c>).
    /// </summary>
    public string? NamingRecheck { get; init; }
}

/// <summary>A delivery of the state of <paramref name="About"/>, whose full state is PUT at <paramref name="FullStatePath"/>.</summary>
public sealed record ObjectDelivery(StoredObject About, string FullStatePath, NewDelivery Delivery);

public static class DataStoreSeeding
{
    /// <summary>Stores <paramref name="objects"/> as they are, queuing nothing, in one transaction: a store filled for a test or a benchmark.</summary>
    public static Task SaveAsync(this IDataStore store, IReadOnlyList<StoredObject> objects, CancellationToken cancellationToken = default) =>
        store.ChangeAsync(objects.Select(o => new ObjectAddress(o.Module, o.Owner, o.Id)).ToList(),
            (i, _, _) => Task.FromResult<ObjectWrite?>(new ObjectWrite(objects[i], Delete: false, "", [], "", Collapse: false, null)), bring: null,
            cancellationToken: cancellationToken);
}
