using System.Text.Json;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// Response data already in its wire form (UTF-8 JSON the hub wrote itself, <see cref="Data.WireForms"/>): one
/// object, or a list of them, copied into the envelope as they are.
/// </summary>
public sealed class WireJson
{
    private readonly IReadOnlyList<byte[]> items;
    private readonly bool list;

    private WireJson(IReadOnlyList<byte[]> items, bool list) => (this.items, this.list) = (items, list);

    public static WireJson One(byte[] item) => new([item], list: false);

    public static WireJson List(IReadOnlyList<byte[]> items) => new(items, list: true);

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (!list)
        {
            writer.WriteRawValue(items[0], skipInputValidation: true);
            return;
        }
        writer.WriteStartArray();
        foreach (var item in items)
            writer.WriteRawValue(item, skipInputValidation: true);
        writer.WriteEndArray();
    }
}
