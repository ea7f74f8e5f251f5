using System.Buffers;
using System.Text;
using System.Text.Json;
using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

/// <summary>
/// The index of the Tariffs each stored Location names (migration 0040): the ids in its connectors'
/// <c>tariff_ids</c>, the one list the 2.1.1 translation chooses a connector's <c>tariff_id</c> from, as keys
/// (<see cref="StoredObject.KeyOf"/>). A change of a Tariff finds the Locations naming it here
/// (<see cref="IDataStore.LocationsNamingTariffsAsync"/>), where it read every body of the owner's Locations. The store
/// writes it from the bodies it writes (<see cref="Writes"/>), so that every write of a Location keeps it, a test's or
/// a benchmark's seeding too; the tokens a Location names are handed in by the pipeline instead
/// (<see cref="ObjectWrite.TokensNamed"/>), as only it decides which entries name one.
/// </summary>
internal static class TariffNamingIndex
{
    /// <summary>
    /// The rows to write for <paramref name="writes"/> (each object's last write in a transaction, with its copy stored
    /// before it): of each Location whose Tariffs named changed, its rows removed, then those it names now.
    /// </summary>
    public static IEnumerable<ManyRows.Statement> Writes(IEnumerable<(ObjectWrite Last, StoredObject? Before)> writes)
    {
        var changed = new List<(StoredObject Location, IReadOnlyList<string> Keys)>();
        foreach (var (last, before) in writes)
        {
            var body = last.Delete ? null : last.Object.Body;
            if (last.Object.Module != DataModule.Locations || body == before?.Body)
                continue;
            var keys = KeysOf(body);
            if (!keys.SequenceEqual(KeysOf(before?.Body)))
                changed.Add((last.Object, keys));
        }
        // Removed first whatever the copy before named: a row left by a write the index missed cannot fail the insert.
        yield return new("DELETE FROM locations_naming_tariffs WHERE (owner, object_key) IN (VALUES {rows})", "(@owner, @object_key)",
            [.. changed.Select(c => Row.Of(c.Location, ""))]);
        yield return new("INSERT INTO locations_naming_tariffs (owner, object_key, tariff_key) VALUES {rows}", "(@owner, @object_key, @tariff_key)",
            [.. changed.SelectMany(c => c.Keys.Select(key => Row.Of(c.Location, key)))]);
    }

    /// <summary>
    /// The positions of <c>@owner</c>'s Locations naming one of <c>@keys</c>, in page order. SQLite is made to read the
    /// index first (CROSS JOIN) and by tariff (INDEXED BY): it would rather walk all the owner's Locations, or all the
    /// rows of the owner's Locations where its statistics see few tariff ids among many rows. PostgreSQL's statistics
    /// hold the common values: its planner chooses.
    /// </summary>
    public static string Naming(HubDatabase database) => $"""
        SELECT DISTINCT o.created_at, o.owner, o.object_key, o.row_version
        FROM locations_naming_tariffs n{(database.Kind == DatabaseKind.Sqlite ? " INDEXED BY locations_naming_tariffs_by_tariff" : "")} CROSS JOIN objects o
        WHERE n.owner = @owner AND {database.InMany("n.tariff_key", "@keys")}
            AND o.module = 'Locations' AND o.owner = n.owner AND o.object_key = n.object_key
        ORDER BY o.created_at, o.owner, o.object_key
        """;

    /// <summary>The keys of the Tariffs a Location's body names (<c>evses[].connectors[].tariff_ids[]</c>), each once, in order; none for no body.</summary>
    public static IReadOnlyList<string> KeysOf(string? locationBody)
    {
        // Each written body is read with the one it replaces: one without the property needs no reading.
        if (locationBody is null || !locationBody.Contains("\"tariff_ids\"", StringComparison.Ordinal))
            return [];
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        // Read from a pooled buffer: a first sync writes Locations by the thousand, each of kilobytes.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(locationBody.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(locationBody, buffer)));
            // Whether the property whose value the reader is in at depth 1 is "evses", at depth 3 "connectors": a
            // connector's "tariff_ids" is a property at depth 5 within both.
            var (inEvses, inConnectors) = (false, false);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                    continue;
                if (reader.CurrentDepth == 1)
                    inEvses = reader.ValueTextEquals("evses"u8);
                else if (reader.CurrentDepth == 3)
                    inConnectors = reader.ValueTextEquals("connectors"u8);
                else if (reader.CurrentDepth == 5 && inEvses && inConnectors && reader.ValueTextEquals("tariff_ids"u8)
                         && reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                            keys.Add(StoredObject.KeyOf(reader.GetString()!));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return [.. keys];
    }

    private sealed record Row(string owner, string object_key, string tariff_key)
    {
        public static Row Of(StoredObject location, string tariffKey) => new(location.Owner.ToString(), StoredObject.KeyOf(location.Id), tariffKey);
    }
}
