using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data;

/// <summary>
/// A stored canonical object as a reader or receiver of a version gets it: the addressed part, translated (with
/// the hub's store answering what a 2.1.1 translation needs), and for a 2.1.1 one back-ported.
/// </summary>
public sealed class Presenter(StoreLookup lookup, OwnerNames names)
{
    public async Task<object?> PresentAsync(OcpiVersion version, DataShape shape, StoredObject stored, IReadOnlyList<string> ids,
        Platform reader, CancellationToken cancellationToken)
    {
        // A whole object (every item of a page) is read straight from its text: a JsonNode in between costs a
        // second parse of the same bytes (S2 in docs/benchmarks.md).
        var canonical = ids.Count == 1
            ? Canonical.FromJson(stored.Body, shape.CanonicalModel(1))
            : shape.Select(JsonNode.Parse(stored.Body)!, ids) is { } node ? Canonical.FromJson(node, shape.CanonicalModel(ids.Count)) : null;
        return canonical is null
            ? null
            : await PresentAsync(version, canonical, stored.Owner, reader.Settings, isPatch: false, cancellationToken);
    }

    /// <summary>A canonical object (a whole one, or a PATCH body) for <paramref name="version"/>.</summary>
    public async Task<object> PresentAsync(OcpiVersion version, object canonical, PartyKey owner, PlatformSettings readerSettings, bool isPatch,
        CancellationToken cancellationToken)
    {
        var ownerRef = new PartyRef(owner.CountryCode, owner.PartyId);
        var translated = await lookup.TranslateAsync(found => Canonical.In(version, canonical, new TranslationContext(ownerRef, found) { IsPatch = isPatch }),
            cancellationToken);
        return version == OcpiVersion.V211
            ? V211BackPorts.Apply(translated, owner, await names.OfAsync(owner, cancellationToken), readerSettings, isPatch)
            : translated;
    }
}
