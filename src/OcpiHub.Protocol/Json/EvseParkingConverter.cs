using System.Text.Json;
using System.Text.Json.Serialization;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Json;

/// <summary>
/// EVSEParking is an object (<c>parking_id</c>, <c>evse_position</c>) in the 2.3.0 tables, but the v2.3.0 example
/// <c>location_example.json</c> writes <c>"parking": ["1", "2"]</c>. A bare string is read as a parking_id;
/// the object is always written.
/// </summary>
public sealed class EvseParkingConverter : JsonConverter<EvseParking>
{
    private const string ParkingId = "parking_id";
    private const string Position = "evse_position";

    public override EvseParking Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind == JsonValueKind.String)
            return new() { ParkingId = element.GetString() };
        if (element.ValueKind != JsonValueKind.Object)
            throw new JsonException("expected an EVSEParking object or a parking id");
        string? parkingId = null;
        EvsePosition? position = null;
        Dictionary<string, JsonElement>? extensions = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case ParkingId:
                    parkingId = StringOrNull(property.Value);
                    break;
                case Position:
                    position = StringOrNull(property.Value) is { } value ? EvsePosition.From(value) : null;
                    break;
                default:
                    (extensions ??= [])[property.Name] = property.Value.Clone();
                    break;
            }
        }
        return new() { ParkingId = parkingId, EvsePosition = position, Extensions = extensions };
    }

    public override void Write(Utf8JsonWriter writer, EvseParking value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.ParkingId is not null)
            writer.WriteString(ParkingId, value.ParkingId);
        if (value.EvsePosition is { } position)
            writer.WriteString(Position, position.Value);
        foreach (var (name, extension) in value.Extensions ?? [])
        {
            writer.WritePropertyName(name);
            extension.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static string? StringOrNull(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new JsonException("wrong JSON type for this field"),
    };
}
