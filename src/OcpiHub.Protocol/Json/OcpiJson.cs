using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Json;

/// <summary>
/// Reads and writes OCPI JSON of a version through its source-generated context, and turns malformed input
/// into validation problems rather than exceptions.
/// </summary>
public static class OcpiJson
{
    public static JsonSerializerOptions Options(OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => V211.V211JsonContext.Default.Options,
        OcpiVersion.V221 => V221.V221JsonContext.Default.Options,
        OcpiVersion.V230 => V230.V230JsonContext.Default.Options,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public static JsonTypeInfo<T> TypeInfo<T>(OcpiVersion version) =>
        (JsonTypeInfo<T>?)Options(version).GetTypeInfo(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T)} is not registered for OCPI {version.ToWire()}");

    public static string Serialize<T>(T value, OcpiVersion version) => JsonSerializer.Serialize(value, TypeInfo<T>(version));

    public static byte[] SerializeToUtf8Bytes<T>(T value, OcpiVersion version) =>
        JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(version));

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json, OcpiVersion version) =>
        JsonSerializer.Deserialize(utf8Json, TypeInfo<T>(version));

    public static T? Deserialize<T>(string json, OcpiVersion version) => JsonSerializer.Deserialize(json, TypeInfo<T>(version));

    /// <summary>
    /// Parses and validates a body: malformed JSON or a wrongly typed field gives one problem at its path;
    /// otherwise the validator's problems. <c>Value</c> is set only when there are no problems.
    /// </summary>
    public static ReadResult<T> Read<T>(ReadOnlySpan<byte> utf8Json, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
        where T : class
    {
        T? value;
        try
        {
            value = Deserialize<T>(utf8Json, version);
        }
        catch (JsonException e)
        {
            return new(null, [new(e.Path ?? "$", ReasonOf(e))]);
        }
        if (value is null)
            return new(null, [new("$", "a JSON object is required")]);
        var problems = OcpiValidator.Validate(value, version, mode);
        return new(problems.Count == 0 ? value : null, problems);
    }

    public static ReadResult<T> Read<T>(string json, OcpiVersion version, ValidationMode mode = ValidationMode.Full) where T : class =>
        Read<T>(System.Text.Encoding.UTF8.GetBytes(json), version, mode);

    // Name the problem for a partner, not the .NET type it failed to become.
    private static string ReasonOf(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut].TrimEnd('.', ' ');
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return "wrong JSON type for this field";
        // The reader's own exception type marks syntax errors.
        return e.GetType() == typeof(JsonException) ? message : "malformed JSON: " + message;
    }
}

/// <summary>The outcome of reading a body: the value when it is valid, otherwise what is wrong.</summary>
public sealed record ReadResult<T>(T? Value, IReadOnlyList<ValidationProblem> Problems) where T : class
{
    public bool IsValid => Value is not null && Problems.Count == 0;
}
