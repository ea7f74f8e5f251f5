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
/// here is ever stale: what is kept of an object is found only under the row version the store has now, so a
/// change on any node misses it. One entry is kept per object, whatever its version, holding what its body tells of
/// who may see it and its forms: a page looks each row up once, and the forms of a new version replace the old
/// ones, so an object that changes all day (an EVSE's status) holds one entry, not one per change (S5 in
/// docs/benchmarks.md). What is no longer asked for ages out, the least recently used first, within the memory
/// allowed (<see cref="Hosting.HubOptions.WireFormsMegabytes"/>). A form that read other objects (a 2.1.1 connector's
/// Tariff) is kept with what it read (<see cref="FormInputs"/>) and served only where that is checked to hold
/// (<see cref="VisibleObjects"/>); what its body tells of who may see it (<see cref="AudienceTerms"/>) is kept where
/// that holds while the body does (not a Tariff with a validity period).
/// </summary>
public sealed class WireForms(Hosting.HubOptions options) : IDisposable
{
    private readonly MemoryCache kept = new(new MemoryCacheOptions
    {
        SizeLimit = options.WireFormsMegabytes * 1024L * 1024L,
        CompactionPercentage = 0.25,
    });

    /// <summary>The objects kept now.</summary>
    public int Count => kept.Count;

    /// <summary>What is kept of the stored object at <paramref name="stamp"/>, if anything was kept of its row version.</summary>
    public KeptObject? Of(DataModule module, ObjectStamp stamp) =>
        Found(new ObjectAddress(module, stamp.Position.Owner, stamp.Position.Key), stamp.RowVersion);

    /// <summary>The form of <paramref name="key"/> made from the object's row version <paramref name="rowVersion"/> alone, if kept.</summary>
    public byte[]? Find(WireFormKey key, long rowVersion) => Found(AddressOf(key), rowVersion)?.FormOf(key.Version, key.Part, key.OwnerName) is { Inputs.IsNone: true } form
        ? form.Bytes
        : null;

    public void Keep(WireFormKey key, long rowVersion, byte[] bytes, FormInputs inputs) =>
        Update(AddressOf(key), rowVersion, kept => kept.With(key, bytes, inputs));

    public void KeepTerms(StoredObject stored, AudienceTerms terms)
    {
        if (terms.Lasting)
            Update(new ObjectAddress(stored.Module, stored.Owner, StoredObject.KeyOf(stored.Id)), stored.RowVersion, kept => kept.With(terms));
    }

    public void Dispose() => kept.Dispose();

    private static ObjectAddress AddressOf(WireFormKey key) => new(key.Module, key.Owner, key.ObjectKey);

    // Row version 0 is a body written before row versions existed: never kept, never found.
    private KeptObject? Found(ObjectAddress address, long rowVersion) =>
        rowVersion != 0 && kept.TryGetValue(address, out KeptObject? entry) && entry!.RowVersion == rowVersion ? entry : null;

    // Two readers adding a form at once may keep only one of them: the other is made again when next asked for.
    private void Update(ObjectAddress address, long rowVersion, Func<KeptObject, KeptObject> change)
    {
        if (rowVersion == 0)
            return;
        var updated = change(Found(address, rowVersion) ?? KeptObject.Nothing(rowVersion));
        kept.Set(address, updated, new MemoryCacheEntryOptions { Size = updated.Size });
    }

    private sealed record ObjectAddress(DataModule Module, PartyKey Owner, string ObjectKey);
}

/// <summary>What is kept of one row version of an object: what its body tells of who may see it (null: not kept) and its wire forms.</summary>
public sealed class KeptObject
{
    private readonly Form[] forms;

    private KeptObject(long rowVersion, AudienceTerms? terms, Form[] forms) => (RowVersion, Terms, this.forms) = (rowVersion, terms, forms);

    public static KeptObject Nothing(long rowVersion) => new(rowVersion, null, []);

    public long RowVersion { get; }

    public AudienceTerms? Terms { get; }

    /// <summary>The memory the entry is counted for: its bytes, about 200 for each object around them and 100 for each input or token entry allowed.</summary>
    public long Size => 200 + 100L * (Terms?.Allowed.Count ?? 0) + forms.Sum(form => form.Bytes.Length + 200L + 100L * form.Inputs.Objects.Count);

    public Form? FormOf(OcpiVersion version, string part, string? ownerName)
    {
        foreach (var form in forms)
            if (form.IsFor(version, part, ownerName))
                return form;
        return null;
    }

    public KeptObject With(AudienceTerms seenBy) => new(RowVersion, seenBy, forms);

    public KeptObject With(WireFormKey key, byte[] bytes, FormInputs inputs) =>
        new(RowVersion, Terms,
            [.. forms.Where(form => !form.IsFor(key.Version, key.Part, key.OwnerName)), new Form(key.Version, key.Part, key.OwnerName, bytes, inputs)]);

    /// <summary>One kept wire form, and what it was made from beyond the object.</summary>
    public sealed record Form(OcpiVersion Version, string Part, string? OwnerName, byte[] Bytes, FormInputs Inputs)
    {
        public bool IsFor(OcpiVersion version, string part, string? ownerName) => Version == version && Part == part && OwnerName == ownerName;
    }
}
