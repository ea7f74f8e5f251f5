using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OcpiHub.Storage;

/// <summary>The string values of a JSON text, read without building its document.</summary>
internal static class JsonStrings
{
    /// <summary>Whether a string value anywhere in <paramref name="json"/> (not a property name), as it reads unescaped, is in <paramref name="sought"/>.</summary>
    public static bool AnyIn(string json, IReadOnlySet<string> sought)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String && sought.Contains(reader.GetString()!))
                    return true;
            }
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
