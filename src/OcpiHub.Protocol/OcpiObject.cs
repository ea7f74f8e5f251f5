using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcpiHub.Protocol;

/// <summary>
/// Base of every OCPI object. Fields this model does not know are kept in <see cref="Extensions"/> and written
/// back unchanged (2.3.0 forbids rejecting them; older peers send vendor fields too).
/// Model properties are settable rather than init-only: the JSON source generator fills init-only properties
/// through a buffered constructor path that reads a Location page 1.3x slower (docs/benchmarks.md).
/// </summary>
public abstract record OcpiObject
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
