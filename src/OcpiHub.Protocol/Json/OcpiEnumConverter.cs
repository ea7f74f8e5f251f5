using System.Text.Json;
using System.Text.Json.Serialization;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Json;

/// <summary>Reads and writes an OCPI enum as its string, whatever the value (membership is validated later).</summary>
public sealed class OcpiEnumConverter<T> : JsonConverter<T> where T : struct, IOcpiEnum<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? T.From(reader.GetString()!)
            : throw new OcpiFormatException($"expected a {typeof(T).Name} string");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
