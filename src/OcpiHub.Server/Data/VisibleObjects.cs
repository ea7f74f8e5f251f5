using System.Runtime.CompilerServices;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>A page of what a reader may see in its wire form, and the position of its last object (null: empty).</summary>
public sealed record VisiblePage(IReadOnlyList<byte[]> Items, bool HasMore, ObjectPosition? Last);

/// <summary>
/// The hub's objects as one reader (its platform, version and party) may see them: the same audience
/// (<see cref="DataShape.AudienceAsync"/>) that decides who is pushed an object decides who may pull it, as it stands
/// at <c>now</c> (a Tariff's validity period).
/// <para>
/// Paging: objects lie in the order they were first stored (<see cref="ObjectPosition"/>), which a change never
/// alters. A page starts after the position a <c>Link</c> cursor names, or after the first <c>offset</c> objects the
/// reader may see: skipped in the index, then as many more as it skipped objects hidden from the reader, which are
/// counted among the objects that may be hidden from someone alone. Objects the reader may not see are skipped and the
/// page is filled from the rows after them, so every page but the last holds <c>limit</c> objects and <c>Link</c> is
/// sent exactly while something is left for the reader. A client following <c>Link</c> gets every object once, also
/// while objects are changed and added. <c>X-Total-Count</c> counts what the reader may see: the index's count less
/// the objects hidden from it.
/// </para>
/// <para>
/// Rows are read without their bodies first (<see cref="IDataStore.StampsAsync"/>); a body is read only where the
/// reader's wire form of that row version, or who may see it, is not kept (<see cref="WireForms"/>), or the form was
/// made from other objects that changed since (<see cref="FormInputs"/>).
/// </para>
/// </summary>
public sealed class VisibleObjects(DataShape shape, IDataStore data, Presenter presenter, WireForms forms, OcpiVersion version, Platform platform, PartyKey reader,
    DateTimeOffset now)
{
    /// <summary>What the translations of this reading's objects loaded from the store (the Tariffs 2.1.1 Locations name), loaded once for all.</summary>
    private readonly StoreLookup.KnownObjects loaded = new();

    public async Task<VisiblePage> PageAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var items = new List<byte[]>(Math.Clamp(query.Limit, 0, DataSenderEndpoints.MaxLimit));
        ObjectPosition? last = null;
        // One object more than the page tells whether a next page exists, mostly without reading another chunk.
        await foreach (var (position, wire) in FromAsync(query, query.Limit + 1, wireForms: true, cancellationToken))
        {
            if (items.Count == query.Limit)
                return new(items, true, last);
            items.Add(wire!);
            last = position;
        }
        return new(items, false, last);
    }

    /// <summary>How many objects of the whole query (every page) the reader may see.</summary>
    public async Task<int> CountAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var whole = query with { Offset = 0, After = null };
        var total = (await data.PageAsync(whole with { Limit = 1, CountTotal = true }, cancellationToken)).Total ?? 0;
        return shape.WithholdsFrom(version) ? total - await HiddenAsync(whole, cancellationToken) : total;
    }

    /// <summary>
    /// Those of the objects at <paramref name="stamps"/> the reader may see, each with its owner and what
    /// <paramref name="ids"/> address in it (the object's id first, then an EVSE's and a connector's) in the
    /// reader's wire form, null where it has no such part.
    /// </summary>
    public async Task<IReadOnlyList<(PartyKey Owner, byte[]? Wire)>> AddressedAsync(IReadOnlyList<ObjectStamp> stamps, IReadOnlyList<string> ids,
        CancellationToken cancellationToken)
    {
        var visible = new List<(PartyKey, byte[]?)>();
        await foreach (var (position, wire) in VisibleAsync(stamps, [.. ids.Skip(1)], cancellationToken))
            visible.Add((position.Owner, wire));
        return visible;
    }

    /// <summary>
    /// Each of <paramref name="stored"/> by its position, with whether the reader may see it, decided for all at once
    /// (<see cref="DataShape.AudiencesAsync"/>); kept for the next page where that follows from the body alone.
    /// </summary>
    private async Task<Dictionary<ObjectPosition, (StoredObject Stored, bool Sees)>> JudgedAsync(IReadOnlyList<StoredObject> stored,
        CancellationToken cancellationToken)
    {
        var judged = new Dictionary<ObjectPosition, (StoredObject, bool)>(stored.Count);
        if (stored.Count == 0)
            return judged;
        var audiences = await shape.AudiencesAsync([.. stored.Select(s => s.Body)], now, data, cancellationToken);
        for (var i = 0; i < stored.Count; i++)
        {
            forms.KeepAudience(stored[i], audiences[i]);
            judged[stored[i].Position] = (stored[i], audiences[i].Includes(version, reader));
        }
        return judged;
    }

    /// <summary>
    /// The visible objects from the query's start on, each with its position and (when <paramref name="wireForms"/>)
    /// its wire form, read in chunks of positions.
    /// </summary>
    private async IAsyncEnumerable<(ObjectPosition Position, byte[]? Wire)> FromAsync(ObjectQuery query, int chunk, bool wireForms,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A client's offset (ignored after a cursor, as the index ignores it) counts what it may see. The index skips
        // that many rows; where rows may be hidden from the reader, as many visible ones as it skipped hidden are
        // skipped here as well (null until the first row is known).
        int? skip = query is { Offset: > 0, After: null } && shape.WithholdsFrom(version) ? null : 0;
        for (var next = query with { CountTotal = false }; ;)
        {
            var size = skip > 0 ? Math.Max(chunk, DataSenderEndpoints.MaxLimit) : chunk;
            var stamps = await data.StampsAsync(next with { Limit = size }, cancellationToken);
            var rows = stamps.Count <= size ? stamps : stamps.Take(size).ToList();
            skip ??= rows.Count == 0 ? 0 : await HiddenAsync(query with { Offset = 0, After = null, Before = rows[0].Position }, cancellationToken);
            await foreach (var found in VisibleAsync(rows, wireForms && skip < rows.Count ? [] : null, cancellationToken))
            {
                if (skip > 0)
                    skip--;
                else
                    yield return found;
            }
            if (stamps.Count <= size)
                yield break;
            next = next with { After = rows[^1].Position };
        }
    }

    /// <summary>
    /// How many objects of <paramref name="query"/> (from its start, before its <c>Before</c>) the reader may not see:
    /// only the rows that may be hidden from someone are read (<see cref="ObjectQuery.MayBeHiddenOnly"/>).
    /// </summary>
    private async Task<int> HiddenAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var hidden = 0;
        for (var next = query with { Limit = DataSenderEndpoints.MaxLimit, CountTotal = false, MayBeHiddenOnly = true }; ;)
        {
            var stamps = await data.StampsAsync(next, cancellationToken);
            var rows = stamps.Count <= next.Limit ? stamps : stamps.Take(next.Limit).ToList();
            hidden += rows.Count;
            await foreach (var _ in VisibleAsync(rows, null, cancellationToken))
                hidden--;
            if (stamps.Count <= next.Limit)
                return hidden;
            next = next with { After = rows[^1].Position };
        }
    }

    /// <summary>
    /// Those of the rows at <paramref name="stamps"/> the reader may see, in order, each with (unless
    /// <paramref name="partIds"/> is null) the wire form of the part they address (none: the whole object); in one
    /// query the bodies of those whose wire form or audience is not kept.
    /// </summary>
    private async IAsyncEnumerable<(ObjectPosition Position, byte[]? Wire)> VisibleAsync(IReadOnlyList<ObjectStamp> stamps, IReadOnlyList<string>? partIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var part = partIds is null ? null : DataShape.RelativePath(partIds);
        var kept = new (byte[]? Wire, bool Sees, FormInputs Inputs)?[stamps.Count];
        for (var i = 0; i < stamps.Count; i++)
            kept[i] = await KeptAsync(stamps[i], part, cancellationToken);
        // Forms made from other objects too (a 2.1.1 connector's Tariff) serve where those are as they were: read in
        // one query per module, and kept for the forms this reading makes.
        var inputs = kept.Where(k => k is { Inputs.IsNone: false }).Select(k => k!.Value.Inputs).ToList();
        if (inputs.Count > 0)
            await presenter.LoadInputsAsync(loaded, inputs, cancellationToken);
        var unread = new List<ObjectPosition>();
        for (var i = 0; i < stamps.Count; i++)
        {
            if (kept[i] is { Inputs.IsNone: false } form && !loaded.Holds(form.Inputs, now))
                kept[i] = null;
            if (kept[i] is null)
                unread.Add(stamps[i].Position);
        }
        var read = await JudgedAsync(unread.Count == 0 ? [] : await data.FindManyAsync(shape.Module, unread, cancellationToken), cancellationToken);
        for (var i = 0; i < stamps.Count; i++)
        {
            var stamp = stamps[i];
            if (kept[i] is { } known)
            {
                if (known.Sees)
                    yield return (stamp.Position, known.Wire);
            }
            // Gone since its position was read: not there any more.
            else if (read.TryGetValue(stamp.Position, out var judged) && judged.Sees)
            {
                var stored = judged.Stored;
                yield return (stamp.Position, partIds is null
                    ? null
                    : await presenter.WireFormAsync(version, shape, stored, [stored.Id, .. partIds], platform, cancellationToken, loaded));
            }
        }
    }

    /// <summary>
    /// What is kept of a row for this reader: null when its body must be read; else whether the reader sees it and,
    /// unless <paramref name="part"/> is null, the wire form of that part of it and what it was made from beyond the row.
    /// </summary>
    private async ValueTask<(byte[]? Wire, bool Sees, FormInputs Inputs)?> KeptAsync(ObjectStamp stamp, string? part, CancellationToken cancellationToken)
    {
        if (forms.Of(shape.Module, stamp) is not { Audience: { } audience } kept)
            return null;
        if (!audience.Includes(version, reader))
            return (null, false, FormInputs.None);
        if (part is null)
            return (null, true, FormInputs.None);
        var ownerName = await presenter.OwnerNameInFormAsync(version, shape.Module, stamp.Position.Owner, platform.Settings, cancellationToken);
        return kept.FormOf(version, part, ownerName) is { } form ? (form.Bytes, true, form.Inputs) : null;
    }
}
