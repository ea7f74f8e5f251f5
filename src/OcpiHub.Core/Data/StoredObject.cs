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
}

/// <summary>A page of a module's objects that some owners hold, in the order they were first stored.</summary>
public sealed record ObjectQuery(
    DataModule Module, IReadOnlyCollection<PartyKey> Owners, PartyKey? TokenOwner, DateTimeOffset? From, DateTimeOffset? To,
    int Offset, int Limit, bool CountTotal);

public sealed record ObjectPage(IReadOnlyList<StoredObject> Items, bool HasMore, int? Total);
