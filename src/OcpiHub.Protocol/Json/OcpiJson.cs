using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Json;

/// <summary>
/// Reads and writes OCPI JSON of a version through its source-generated context, and turns malformed input
/// into validation problems rather than exceptions.
/// </summary>
public static class OcpiJson
{
    private static readonly JsonSerializerOptions V211Options = WithoutShadowedExtensions(V211.V211JsonContext.Default);
    private static readonly JsonSerializerOptions V221Options = WithoutShadowedExtensions(V221.V221JsonContext.Default);
    private static readonly JsonSerializerOptions V230Options = WithoutShadowedExtensions(V230.V230JsonContext.Default);

    public static JsonSerializerOptions Options(OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => V211Options,
        OcpiVersion.V221 => V221Options,
        OcpiVersion.V230 => V230Options,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>
    /// A version's context, writing no unknown field under the name of a field the model has set: a 2.1.1 partner
    /// that adds <c>country_code</c> to its Location keeps it as an unknown field, and the 2.3.0 Location it becomes
    /// has the field itself. Written twice, the JSON would hold the name twice; the model's value is the one written.
    /// Where the model's field is not set, the unknown one is written as it came.
    /// </summary>
    private static JsonSerializerOptions WithoutShadowedExtensions(JsonSerializerContext context)
    {
        var options = new JsonSerializerOptions(context.Options) { TypeInfoResolver = context.WithAddedModifier(DropShadowedExtensions) };
        options.MakeReadOnly();
        return options;
    }

    private static void DropShadowedExtensions(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || info.Properties.FirstOrDefault(p => p.IsExtensionData) is not { Get: { } get } extensions)
            return;
        var fields = info.Properties.Where(p => !p.IsExtensionData && p.Get is not null).ToDictionary(p => p.Name, p => p.Get!, StringComparer.Ordinal);
        bool Shadowed(object model, string key) => fields.TryGetValue(key, out var field) && field(model) is not null;
        extensions.Get = model =>
        {
            var bag = (Dictionary<string, JsonElement>?)get(model);
            return bag is not null && bag.Keys.Any(key => Shadowed(model, key)) ? bag.Where(field => !Shadowed(model, field.Key)).ToDictionary() : bag;
        };
    }

    public static JsonTypeInfo<T> TypeInfo<T>(OcpiVersion version) => (JsonTypeInfo<T>)TypeInfo(typeof(T), version);

    public static JsonTypeInfo TypeInfo(Type type, OcpiVersion version) =>
        Options(version).TryGetTypeInfo(type, out var info)
            ? info
            : throw new InvalidOperationException($"{type} is not registered for OCPI {version.ToWire()}");

    public static string Serialize(object value, OcpiVersion version) =>
        JsonSerializer.Serialize(value, TypeInfo(value.GetType(), version));

    public static string Serialize<T>(T value, OcpiVersion version) => JsonSerializer.Serialize(value, TypeInfo<T>(version));

    public static byte[] SerializeToUtf8Bytes<T>(T value, OcpiVersion version) =>
        JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(version));

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json, OcpiVersion version) =>
        JsonSerializer.Deserialize(utf8Json, TypeInfo<T>(version));

    public static T? Deserialize<T>(string json, OcpiVersion version) => JsonSerializer.Deserialize(json, TypeInfo<T>(version));

    /// <summary>
    /// Parses and validates a body: malformed JSON or a wrongly typed field gives one problem at its path;
    /// otherwise the validator's problems. <c>Value</c> is the parsed object, valid only when there are no problems.
    /// </summary>
    public static ReadResult<T> Read<T>(ReadOnlySpan<byte> utf8Json, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
        where T : class
    {
        var result = Read(utf8Json, typeof(T), version, mode);
        return new((T?)result.Value, result.Problems) { NotJson = result.NotJson };
    }

    /// <summary>As <see cref="Read{T}(ReadOnlySpan{byte}, OcpiVersion, ValidationMode)"/>, for a type known at run time.</summary>
    public static ReadResult<object> Read(ReadOnlySpan<byte> utf8Json, Type type, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
    {
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(utf8Json, TypeInfo(type, version));
        }
        catch (JsonException e)
        {
            return Unreadable(e) with { NotJson = !IsJson(utf8Json) };
        }
        return Validated(value, version, mode);
    }

    /// <summary>
    /// As <see cref="Read(ReadOnlySpan{byte}, Type, OcpiVersion, ValidationMode)"/>, for an element of a document
    /// parsed already (an object of a partner's page): read into the model from the document's bytes, not parsed again.
    /// </summary>
    public static ReadResult<object> Read(JsonElement element, Type type, OcpiVersion version, ValidationMode mode = ValidationMode.Full)
    {
        object? value;
        try
        {
            value = element.Deserialize(TypeInfo(type, version));
        }
        catch (JsonException e)
        {
            return Unreadable(e);
        }
        return Validated(value, version, mode);
    }

    private static ReadResult<object> Unreadable(JsonException e) => new(null, [new(e.Path ?? "$", ReasonOf(e))]);

    private static ReadResult<object> Validated(object? value, OcpiVersion version, ValidationMode mode) =>
        value is null
            ? new(null, [new("$", "a JSON object is required")])
            : new(value, OcpiValidator.Validate(value, version, mode));

    public static ReadResult<T> Read<T>(string json, OcpiVersion version, ValidationMode mode = ValidationMode.Full) where T : class =>
        Read<T>(System.Text.Encoding.UTF8.GetBytes(json), version, mode);

    /// <summary>Whether the bytes are JSON at all, whatever they hold (a wrong type is JSON; a cut-off object is not).</summary>
    private static bool IsJson(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Name the problem for a partner, not the .NET type it failed to become.
    private static string ReasonOf(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut].TrimEnd('.', ' ');
        if (e is OcpiFormatException)
            return message;
        return message.Contains("could not be converted", StringComparison.Ordinal)
            ? "wrong JSON type for this field"
            : "malformed JSON: " + message;
    }
}

/// <summary>
/// The outcome of reading a body: the parsed value (if the JSON could be read) and what is wrong with it.
/// <see cref="NotJson"/>: the body is not JSON at all (rather than JSON of the wrong shape).
/// </summary>
public sealed record ReadResult<T>(T? Value, IReadOnlyList<ValidationProblem> Problems) where T : class
{
    public bool NotJson { get; init; }

    public bool IsValid => Value is not null && Problems.Count == 0;
}
