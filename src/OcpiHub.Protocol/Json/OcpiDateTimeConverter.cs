using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OcpiHub.Protocol.Json;

/// <summary>
/// OCPI DateTime: read with or without fractional seconds, with <c>Z</c>, an offset, or no zone at all (read as
/// UTC, as 2.1.1 says); always written in UTC with <c>Z</c> and at most three fractional digits, only those that
/// carry a value. OCPI's DateTime is string(25) and strict parsers refuse more: a time with finer precision (a
/// partner's, or the hub's clock) is cut to the millisecond, never rounded up past the instant it names.
/// </summary>
public sealed partial class OcpiDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new OcpiFormatException("expected a DateTime string");
        return Parse(reader.GetString()!) ?? throw new OcpiFormatException($"'{reader.GetString()}' is not an OCPI DateTime");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static DateTimeOffset? Parse(string text)
    {
        if (!Shape().IsMatch(text))
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex Shape();
}
