using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

/// <summary>The envelope of every OCPI response.</summary>
public sealed record OcpiResponse<T> : OcpiObject
{
    public T? Data { get; init; }
    [Required] public int? StatusCode { get; init; }
    public string? StatusMessage { get; init; }
    [Required] public DateTimeOffset? Timestamp { get; init; }
}
