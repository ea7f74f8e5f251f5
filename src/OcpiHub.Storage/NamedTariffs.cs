using System.Buffers;
using System.Text;
using System.Text.Json;
using OcpiHub.Core.Data;

namespace OcpiHub.Storage;

/// <summary>
/// The Tariffs a stored Location names: the ids in its connectors' <c>tariff_ids</c> (the one place a Location holds
/// them), as keys (<see cref="StoredObject.KeyOf"/>), each once, in order. The store keeps them in an index
/// (migration 0040) with every write of a Location that changes them, read by <see cref="IDataStore.LocationsNamingTariffsAsync"/>.
/// </summary>
internal static class NamedTariffs
{
    public static IReadOnlyList<string> Of(string? locationBody)
    {
        // Most bodies are scanned twice a write (as stored, as written): one without the property needs no reading.
        if (locationBody is null || !locationBody.Contains("\"tariff_ids\"", StringComparison.Ordinal))
            return [];
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        // Read from a pooled buffer: a Location is written in bulk by a first sync, and each body is kilobytes.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(locationBody.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(locationBody, buffer)));
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("tariff_ids"u8) || !reader.Read()
                    || reader.TokenType != JsonTokenType.StartArray)
                    continue;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                        keys.Add(StoredObject.KeyOf(reader.GetString()!));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return [.. keys];
    }
}
