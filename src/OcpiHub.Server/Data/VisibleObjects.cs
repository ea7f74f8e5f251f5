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
/// reader's wire form of that row version, or what its body tells of who may see it, is not kept (<see cref="WireForms"/>),
/// or the form was made from other objects that changed since (<see cref="FormInputs"/>). The tokens that decide who
/// may see a chunk's unpublished Locations are looked up in one query (<see cref="AudienceTerms"/>).
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
    /// <paramref name="partIds"/> is null) the wire form of the part they address (none: the whole object). Read in
    /// one query: the bodies of rows whose audience terms are not kept, or that the reader sees whatever the tokens
    /// and whose wire form is not kept; in one more, the tokens all the rows' terms allow; in one more, the bodies of
    /// the other rows the reader sees whose wire form is not kept. A row's kept terms are of the row version its
    /// position was read with: a body read of a newer one is judged by its own (a token query more, where it names any).
    /// </summary>
    private async IAsyncEnumerable<(ObjectPosition Position, byte[]? Wire)> VisibleAsync(IReadOnlyList<ObjectStamp> stamps, IReadOnlyList<string>? partIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var part = partIds is null ? null : DataShape.RelativePath(partIds);
        var rows = new Row[stamps.Count];
        for (var i = 0; i < stamps.Count; i++)
            rows[i] = await KeptAsync(stamps[i], part, cancellationToken);
        // Forms made from other objects too (a 2.1.1 connector's Tariff) serve where those are as they were: read in
        // one query per module, and kept for the forms this reading makes.
        var inputs = rows.Where(r => r.Wire is not null && !r.Inputs.IsNone).Select(r => r.Inputs).ToList();
        if (inputs.Count > 0)
        {
            await presenter.LoadInputsAsync(loaded, inputs, cancellationToken);
            for (var i = 0; i < rows.Length; i++)
            {
                if (rows[i].Wire is not null && !loaded.Holds(rows[i].Inputs, now))
                    rows[i] = rows[i] with { Wire = null };
            }
        }
        // A row gone since its position was read has no terms, nor a body: not there any more. Rows the reader sees
        // whatever the tokens and whose form is not kept are read with those that have no terms, in one query.
        await ReadAsync(rows, stamps, [.. Enumerable.Range(0, rows.Length).Where(i => rows[i].Terms is null
            || (part is not null && rows[i].Wire is null && rows[i].Terms!.Decided?.Includes(version, reader) == true))], cancellationToken);
        var seen = await SeenAsync(rows, Enumerable.Range(0, rows.Length).Where(i => rows[i].Terms is not null), cancellationToken);
        if (part is not null)
        {
            var unformed = seen.Where(i => rows[i].Wire is null && rows[i].Stored is null).ToList();
            await ReadAsync(rows, stamps, unformed, cancellationToken);
            // A row changed since its position was read is judged again, by the body read.
            var changed = unformed.Where(i => rows[i].Stored is { } stored && stored.RowVersion != stamps[i].RowVersion).ToList();
            if (changed.Count > 0)
                seen = [.. seen.Except(changed).Concat(await SeenAsync(rows, changed, cancellationToken)).Order()];
        }
        foreach (var i in seen)
        {
            if (part is null || rows[i].Wire is not null)
                yield return (stamps[i].Position, rows[i].Wire);
            else if (rows[i].Stored is { } stored)
                yield return (stamps[i].Position, await presenter.WireFormAsync(version, shape, stored, [stored.Id, .. partIds!], platform, cancellationToken, loaded));
        }
    }

    /// <summary>
    /// Those of the <paramref name="rows"/> at <paramref name="judged"/> (in order) the reader may see, in order: the
    /// tokens that the terms of all of them allow looked up in one query, none for a row whose terms leave the reader
    /// out whatever the tokens.
    /// </summary>
    private async Task<List<int>> SeenAsync(Row[] rows, IEnumerable<int> judged, CancellationToken cancellationToken)
    {
        var open = judged.Where(i => !rows[i].Terms!.Excludes(version, reader)).ToList();
        var audiences = await AudienceTerms.AudiencesAsync([.. open.Select(i => rows[i].Terms!)], data, cancellationToken);
        return [.. open.Where((_, j) => audiences[j].Includes(version, reader))];
    }

    /// <summary>
    /// Reads in one query the bodies of the <paramref name="rows"/> at <paramref name="wanted"/>, and what each body
    /// tells of who may see it where that is not kept of the row version its position was read with, kept for the next
    /// page where it holds while the body does.
    /// </summary>
    private async Task ReadAsync(Row[] rows, IReadOnlyList<ObjectStamp> stamps, IReadOnlyList<int> wanted, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
            return;
        var read = (await data.FindManyAsync(shape.Module, [.. wanted.Select(i => stamps[i].Position)], cancellationToken)).ToDictionary(s => s.Position);
        foreach (var i in wanted)
        {
            if (!read.TryGetValue(stamps[i].Position, out var stored))
                continue;
            if (rows[i].Terms is null || stored.RowVersion != stamps[i].RowVersion)
            {
                rows[i] = rows[i] with { Terms = shape.TermsOf(stored.Body, now) };
                forms.KeepTerms(stored, rows[i].Terms!);
            }
            rows[i] = rows[i] with { Stored = stored };
        }
    }

    /// <summary>
    /// What is kept of a row for this reader: what its body tells of who may see it (null: not kept) and, unless
    /// <paramref name="part"/> is null or the reader may not see it whatever the tokens, the wire form of that part
    /// of it (null: not kept) and what it was made from beyond the row.
    /// </summary>
    private async ValueTask<Row> KeptAsync(ObjectStamp stamp, string? part, CancellationToken cancellationToken)
    {
        if (forms.Of(shape.Module, stamp) is not { Terms: { } terms } kept)
            return new(null, null, FormInputs.None, null);
        if (part is null || terms.Excludes(version, reader))
            return new(terms, null, FormInputs.None, null);
        var ownerName = await presenter.OwnerNameInFormAsync(version, shape.Module, stamp.Position.Owner, platform.Settings, cancellationToken);
        return kept.FormOf(version, part, ownerName) is { } form ? new(terms, form.Bytes, form.Inputs, null) : new(terms, null, FormInputs.None, null);
    }

    /// <summary>One row of a chunk as far as it is known: its audience terms, its reader's wire form, what that was made from, its body.</summary>
    private readonly record struct Row(AudienceTerms? Terms, byte[]? Wire, FormInputs Inputs, StoredObject? Stored);
}
