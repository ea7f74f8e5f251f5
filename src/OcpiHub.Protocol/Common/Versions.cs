using System.Text.Json.Serialization;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

/// <summary>One entry of the version information endpoint (spec: <c>Version</c>).</summary>
public sealed record VersionInfo : OcpiObject
{
    [Required, JsonPropertyName("version")] public VersionNumber? Number { get; set; }
    [Required, Url] public string? Url { get; set; }
}

/// <summary>The version details endpoint: the module endpoints of one version.</summary>
public sealed record VersionDetails : OcpiObject
{
    [Required, JsonPropertyName("version")] public VersionNumber? Number { get; set; }
    [Required, NonEmpty] public IReadOnlyList<Endpoint>? Endpoints { get; set; }
}

/// <summary>A module endpoint. 2.2.1+ says which interface it is (<c>role</c>); 2.1.1 has no role.</summary>
public sealed record Endpoint : OcpiObject, IValidatable
{
    [Required] public ModuleId? Identifier { get; set; }
    public InterfaceRole? Role { get; set; }
    [Required, Url] public string? Url { get; set; }

    public void Validate(ValidationScope scope)
    {
        if (scope.IsFull && scope.Version >= OcpiVersion.V221 && Role is null)
            scope.Problem("role", "required field missing");
    }
}
