using System.Text.Json;

namespace OcpiHub.Protocol.Json;

/// <summary>A JSON value of the right JSON type but not of its OCPI format (a DateTime, an enum string).</summary>
public sealed class OcpiFormatException(string message) : JsonException(message);
