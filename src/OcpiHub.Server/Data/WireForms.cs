using Microsoft.Extensions.Caching.Memory;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>
/// The addressed part of one stored object as one kind of reader gets it: the reader's version and, for 2.1.1, the
/// owner name its settings put in (<see cref="V211BackPorts"/>). Which version of the object a kept form was made
/// from is its row version (<see cref="StoredObject.RowVersion"/>, written with every body, on whichever hub node),
/// given beside the key.
/// </summary>
public sealed record WireFormKey(DataModule Module, PartyKey Owner, string ObjectKey, OcpiVersion Version, string Part, string? OwnerName);

/// <summary>
/// Objects kept ready in their readers' wire forms (UTF-8 JSON), so that a page or a single object is written
/// from bytes without reading, translating and writing each object again (S2 in docs/benchmarks.md). Nothing
/// here is ever stale: an entry is found only under the row version the store has now, so a change on any node
/// misses it. One entry is kept per object and form, whatever its version: the form of a new version replaces
/// the old one, so an object that changes all day (an EVSE's status) holds one entry, not one per change (S5 in
/// docs/benchmarks.md). What is no longer asked for ages out, the least recently used first, within the memory
/// allowed (<see cref="Hosting.HubOptions.WireFormsMegabytes"/>). Only what follows from the object's own body is
/// kept: not a 2.1.1 translation that reads other objects, not who may see an unpublished Location.
/// </summary>
public sealed class WireForms(Hosting.HubOptions options) : IDisposable
{
    private readonly MemoryCache kept = new(new MemoryCacheOptions
    {
        SizeLimit = options.WireFormsMegabytes * 1024L * 1024L,
        CompactionPercentage = 0.25,
    });

    /// <summary>The entries kept now (one per object and form).</summary>
    public int Count => kept.Count;

    /// <summary>The form of <paramref name="key"/> made from the object's row version <paramref name="rowVersion"/>, if kept.</summary>
    public byte[]? Find(WireFormKey key, long rowVersion) => Found<byte[]>(key, rowVersion);

    public void Keep(WireFormKey key, long rowVersion, byte[] bytes) => Put(key, rowVersion, bytes, bytes.Length + 200);

    /// <summary>Who may see the stored object of <paramref name="stamp"/>, if that follows from its body alone and was kept.</summary>
    public Audience? AudienceOf(DataModule module, ObjectStamp stamp) =>
        Found<Audience>(new AudienceKey(module, stamp.Position.Owner, stamp.Position.Key), stamp.RowVersion);

    public void KeepAudience(StoredObject stored, Audience audience)
    {
        if (audience.Lasting)
            Put(new AudienceKey(stored.Module, stored.Owner, StoredObject.KeyOf(stored.Id)), stored.RowVersion, audience, 100);
    }

    public void Dispose() => kept.Dispose();

    // Row version 0 is a body written before row versions existed: never kept, never found.
    private T? Found<T>(object address, long rowVersion) where T : class =>
        rowVersion != 0 && kept.TryGetValue(address, out Versioned<T>? entry) && entry!.RowVersion == rowVersion ? entry.Value : null;

    private void Put<T>(object address, long rowVersion, T value, long size)
    {
        if (rowVersion != 0)
            kept.Set(address, new Versioned<T>(rowVersion, value), new MemoryCacheEntryOptions { Size = size });
    }

    private sealed record Versioned<T>(long RowVersion, T Value);

    private sealed record AudienceKey(DataModule Module, PartyKey Owner, string ObjectKey);
}
