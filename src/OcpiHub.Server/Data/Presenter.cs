using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data;

/// <summary>
/// A stored canonical object as a reader or receiver of a version gets it: the addressed part, translated (with
/// the hub's store answering what a 2.1.1 translation needs), and for a 2.1.1 one back-ported. Served objects are
/// written once per row version and kind of reader and then kept (<see cref="WireForms"/>).
/// </summary>
public sealed class Presenter(StoreLookup lookup, OwnerNames names, WireForms forms, TimeProvider clock)
{
    /// <summary>
    /// What <paramref name="ids"/> address in <paramref name="stored"/>, in <paramref name="reader"/>'s wire form
    /// (UTF-8 JSON of <paramref name="version"/>), or null when the object has no such part; <paramref name="known"/>:
    /// what the translations of the objects served before it (of a page) loaded from the store.
    /// </summary>
    public async Task<byte[]?> WireFormAsync(OcpiVersion version, DataShape shape, StoredObject stored, IReadOnlyList<string> ids,
        Platform reader, CancellationToken cancellationToken, StoreLookup.KnownObjects? known = null)
    {
        var key = await KeyAsync(version, shape.Module, stored.Owner, StoredObject.KeyOf(stored.Id), DataShape.RelativePath(ids.Skip(1)),
            reader.Settings, cancellationToken);
        if (forms.Find(key, stored.RowVersion) is { } kept)
            return kept;
        // A whole object (every item of a page) is read straight from its text: a JsonNode in between costs a
        // second parse of the same bytes (S2 in docs/benchmarks.md).
        var body = version == OcpiVersion.V211 ? Canonical.BodyFor211(stored) : stored.Body;
        var canonical = ids.Count == 1
            ? Canonical.FromJson(body, shape.CanonicalModel(1))
            : shape.Select(JsonNode.Parse(body)!, ids) is { } node ? Canonical.FromJson(node, shape.CanonicalModel(ids.Count)) : null;
        if (canonical is null)
            return null;
        var (model, inputs, _) = await PresentNotingLookupsAsync(version, shape.Module, canonical, stored.Owner, reader.Settings, isPatch: false, cancellationToken, known);
        if (ids.Count > 1 && Translators.IsLeftOut(model))
            return null;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(model, OcpiJson.TypeInfo(model.GetType(), version));
        if (inputs is not null)
            forms.Keep(key, stored.RowVersion, bytes, inputs);
        return bytes;
    }

    /// <summary>The key of the wire form of <paramref name="part"/> (a path below the object; empty: all of it) of a stored object for a reader.</summary>
    private async ValueTask<WireFormKey> KeyAsync(OcpiVersion version, DataModule module, PartyKey owner, string objectKey, string part,
        PlatformSettings readerSettings, CancellationToken cancellationToken) =>
        new(module, owner, objectKey, version, part, await OwnerNameInFormAsync(version, module, owner, readerSettings, cancellationToken));

    /// <summary>
    /// The owner name a reader's settings put into its wire forms (2.1.1 only, <see cref="V211BackPorts"/>), else null;
    /// asked for every object of a page, so without a task unless a name is read.
    /// </summary>
    public ValueTask<string?> OwnerNameInFormAsync(OcpiVersion version, DataModule module, PartyKey owner, PlatformSettings readerSettings,
        CancellationToken cancellationToken) =>
        version == OcpiVersion.V211 && readerSettings.V211RewriteOwnerNames ? new(names.OfAsync(owner, module, cancellationToken)) : ValueTask.FromResult<string?>(null);

    /// <summary>
    /// A canonical object (a whole one, or a PATCH body) for <paramref name="version"/>, with what the translation
    /// could not carry to it (the delivery's log entry and the metrics show it).
    /// </summary>
    public async Task<(object Model, IReadOnlyList<TranslationLoss> Losses)> PresentAsync(OcpiVersion version, DataModule module, object canonical,
        PartyKey owner, PlatformSettings readerSettings, bool isPatch, CancellationToken cancellationToken)
    {
        var (model, _, losses) = await PresentNotingLookupsAsync(version, module, canonical, owner, readerSettings, isPatch, cancellationToken);
        return (model, losses);
    }

    /// <summary>Loads what kept forms were made from (<see cref="FormInputs"/>) into <paramref name="known"/>, to tell which still hold.</summary>
    public Task LoadInputsAsync(StoreLookup.KnownObjects known, IEnumerable<FormInputs> inputs, CancellationToken cancellationToken) =>
        lookup.LoadAsync(known, inputs, cancellationToken);

    private async Task<(object Model, FormInputs? Inputs, IReadOnlyList<TranslationLoss> Losses)> PresentNotingLookupsAsync(OcpiVersion version,
        DataModule module, object canonical, PartyKey owner, PlatformSettings readerSettings, bool isPatch, CancellationToken cancellationToken,
        StoreLookup.KnownObjects? known = null)
    {
        var ownerRef = new PartyRef(owner.CountryCode, owner.PartyId);
        // A translation that reads the store runs twice (StoreLookup); the losses are those of the run that counts, the last.
        TranslationContext? last = null;
        var now = clock.GetUtcNow();
        var (translated, inputs) = await lookup.TranslateNotingLookupsAsync(
            found => Canonical.In(version, canonical, last = new TranslationContext(ownerRef, found) { IsPatch = isPatch, Now = now }), now, cancellationToken, known);
        var model = version == OcpiVersion.V211
            ? V211BackPorts.Apply(translated, owner, await names.OfAsync(owner, module, cancellationToken), readerSettings, isPatch)
            : translated;
        return (model, inputs, last!.Losses);
    }
}
