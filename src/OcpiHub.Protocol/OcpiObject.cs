using System.Text.Json;
using System.Text.Json.Serialization;

namespace OcpiHub.Protocol;

/// <summary>
/// Base of every OCPI object. Fields this model does not know are kept in <see cref="Extensions"/> and written
/// back unchanged (2.3.0 forbids rejecting them; older peers send vendor fields too).
/// </summary>
public abstract record OcpiObject
{
    // Settable, not init-only: the source generator sets init-only properties through the object initializer,
    // which extension data cannot use.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
