using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Core.Data;

/// <summary>
/// The hub's copy of one object: its canonical (2.3.0) JSON, keyed by module, owner and id, with the owner's
/// <c>last_updated</c> (never changed by the hub) and, for Sessions and CDRs, the eMSP that owns the token.
/// </summary>
public sealed record StoredObject(
    DataModule Module, PartyKey Owner, string Id, DateTimeOffset LastUpdated, string Body, PartyKey? TokenOwner, DateTimeOffset CreatedAt)
{
    /// <summary>Ids are CiStrings: the key compares them case-insensitively.</summary>
    public static string KeyOf(string id) => id.ToUpperInvariant();

    /// <summary>
    /// The version of the stored row, set by the store on every write (a hash of the body, so every hub node agrees):
    /// what is derived from the body (a version's wire form) may be kept under it. 0 when not read from the store.
    /// </summary>
    public long RowVersion { get; init; }

    /// <summary>
    /// The <c>last_updated</c> 2.1.1 readers are given and filter pages on (<c>date_from</c>, <c>date_to</c>), where
    /// later than the owner's: a Tariff's start, as they get it only from then on; when a Location's 2.1.1 form last
    /// changed with a tariff's validity (<see cref="IDataStore.ChangedFor211Async"/>). Null: the owner's.
    /// </summary>
    public DateTimeOffset? LastUpdatedFor211 { get; init; }

    public ObjectPosition Position => new(CreatedAt.ToUnixTimeMilliseconds(), Owner, KeyOf(Id));
}

/// <summary>
/// Where an object lies in the order pages are read in: first stored (milliseconds), then owner and key. Fixed for
/// the object's life, so a reader walking from one position to the next gets every object once while objects change.
/// </summary>
public sealed record ObjectPosition(long CreatedAt, PartyKey Owner, string Key);

/// <summary>An object of a page without its body: where it lies and which version of it is stored.</summary>
public sealed record ObjectStamp(ObjectPosition Position, long RowVersion);

/// <summary>
/// A page of a module's objects that some owners hold, in the order they were first stored: after
/// <paramref name="After"/> when given, else from <paramref name="Offset"/>; only those whose id contains
/// <paramref name="IdContains"/> (any case) when given. <paramref name="From"/> and <paramref name="To"/> filter on
/// <c>last_updated</c>, or where <paramref name="DatedFor211"/> on the one 2.1.1 readers are given (<see cref="StoredObject.LastUpdatedFor211"/>).
/// Only those before <paramref name="Before"/> when given; only those a reader may be refused where
/// <paramref name="MayBeHiddenOnly"/>: of Locations those that may be unpublished (<see cref="Visibility.MayBeUnpublished"/>),
/// of other modules all.
/// </summary>
public sealed record ObjectQuery(
    DataModule Module, IReadOnlyCollection<PartyKey> Owners, PartyKey? TokenOwner, DateTimeOffset? From, DateTimeOffset? To,
    int Offset, int Limit, bool CountTotal, ObjectPosition? After = null, string? IdContains = null, bool DatedFor211 = false,
    ObjectPosition? Before = null, bool MayBeHiddenOnly = false);

public sealed record ObjectPage(IReadOnlyList<StoredObject> Items, bool HasMore, int? Total);
