using System.Runtime.CompilerServices;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Data;

/// <summary>A page of what a reader may see, and where the next one starts in the store's order.</summary>
public sealed record VisiblePage(IReadOnlyList<StoredObject> Items, bool HasMore, int NextOffset);

/// <summary>
/// The hub's objects as one reader (its version and party) may see them: the same audience
/// (<see cref="DataShape.AudienceAsync"/>) that decides who is pushed an object decides who may pull it.
/// <para>
/// Paging: objects the reader may not see are skipped in the store's order and the page is filled from the rows
/// after them, so every page but the last holds <c>limit</c> objects and <c>Link</c> is sent exactly while
/// something is left for the reader. Offsets (in the request and in <c>Link</c>) count the store's rows, seen or
/// not: a client that follows <c>Link</c> gets every object once; one that adds the page size to the offset
/// itself may get some twice, never miss one. <c>X-Total-Count</c> counts what the reader may see.
/// </para>
/// </summary>
public sealed class VisibleObjects(DataShape shape, IDataStore data, OcpiVersion version, PartyKey reader)
{
    public async Task<VisiblePage> PageAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var items = new List<StoredObject>();
        var next = query.Offset;
        // One object more than the page tells whether a next page exists, mostly without reading another chunk.
        await foreach (var (stored, after) in FromAsync(query, query.Limit + 1, cancellationToken))
        {
            if (items.Count == query.Limit)
                return new(items, true, next);
            items.Add(stored);
            next = after;
        }
        return new(items, false, next);
    }

    /// <summary>How many objects of the whole query (every page) the reader may see.</summary>
    public async Task<int> CountAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        if (!shape.Withholds)
            return (await data.PageAsync(query with { Offset = 0, Limit = 1, CountTotal = true }, cancellationToken)).Total ?? 0;
        var count = 0;
        await foreach (var _ in FromAsync(query with { Offset = 0 }, DataSenderEndpoints.MaxLimit, cancellationToken))
            count++;
        return count;
    }

    /// <summary>Those of <paramref name="found"/> the reader may see.</summary>
    public async Task<IReadOnlyList<StoredObject>> WhereAsync(IReadOnlyList<StoredObject> found, CancellationToken cancellationToken)
    {
        var visible = new List<StoredObject>();
        foreach (var stored in found)
        {
            if (await SeesAsync(stored, cancellationToken))
                visible.Add(stored);
        }
        return visible;
    }

    private async Task<bool> SeesAsync(StoredObject stored, CancellationToken cancellationToken) =>
        (await shape.AudienceAsync(stored.Body, data, cancellationToken)).Includes(version, reader);

    /// <summary>The visible objects from the query's offset on, each with the offset of the row after it, read in chunks.</summary>
    private async IAsyncEnumerable<(StoredObject Stored, int After)> FromAsync(ObjectQuery query, int chunk,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var offset = query.Offset;
        for (var more = true; more;)
        {
            var rows = await data.PageAsync(query with { Offset = offset, Limit = chunk, CountTotal = false }, cancellationToken);
            foreach (var stored in rows.Items)
            {
                offset++;
                if (await SeesAsync(stored, cancellationToken))
                    yield return (stored, offset);
            }
            more = rows.HasMore && rows.Items.Count > 0;
        }
    }
}
