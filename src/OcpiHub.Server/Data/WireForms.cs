using Microsoft.Extensions.Caching.Memory;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>
/// The addressed part of one stored object as one kind of reader gets it, keyed so that a change anywhere makes a
/// new key: the row version (<see cref="StoredObject.RowVersion"/>, written with every body, on whichever hub node),
/// the reader's version and, for 2.1.1, the owner name its settings put in (<see cref="V211BackPorts"/>).
/// </summary>
public sealed record WireFormKey(DataModule Module, PartyKey Owner, string ObjectKey, long RowVersion, OcpiVersion Version, string Part, string? OwnerName);

/// <summary>
/// Objects kept ready in their readers' wire forms (UTF-8 JSON), so that a page or a single object is written
/// from bytes without reading, translating and writing each object again (S2 in docs/benchmarks.md). Nothing
/// here is ever stale: an entry is found only under the row version the store has now, so a change on any node
/// is a new key; what is no longer asked for ages out, the least recently used first, within the memory allowed
/// (<see cref="Hosting.HubOptions.WireFormsMegabytes"/>). Only what follows from the object's own body is kept:
/// not a 2.1.1 translation that reads other objects, not who may see an unpublished Location.
/// </summary>
public sealed class WireForms(Hosting.HubOptions options) : IDisposable
{
    private readonly MemoryCache kept = new(new MemoryCacheOptions
    {
        SizeLimit = options.WireFormsMegabytes * 1024L * 1024L,
        CompactionPercentage = 0.25,
    });

    public byte[]? Find(WireFormKey key) => key.RowVersion != 0 && kept.TryGetValue(key, out byte[]? bytes) ? bytes : null;

    public void Keep(WireFormKey key, byte[] bytes)
    {
        if (key.RowVersion != 0)
            kept.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Length + 200 });
    }

    /// <summary>Who may see the stored object of <paramref name="stamp"/>, if that follows from its body alone and was kept.</summary>
    public Audience? AudienceOf(DataModule module, ObjectStamp stamp) =>
        stamp.RowVersion != 0 && kept.TryGetValue(new AudienceKey(module, stamp.Position.Owner, stamp.Position.Key, stamp.RowVersion), out Audience? audience)
            ? audience
            : null;

    public void KeepAudience(StoredObject stored, Audience audience)
    {
        if (stored.RowVersion != 0 && audience.Lasting)
            kept.Set(new AudienceKey(stored.Module, stored.Owner, StoredObject.KeyOf(stored.Id), stored.RowVersion), audience,
                new MemoryCacheEntryOptions { Size = 100 });
    }

    public void Dispose() => kept.Dispose();

    private sealed record AudienceKey(DataModule Module, PartyKey Owner, string ObjectKey, long RowVersion);
}
