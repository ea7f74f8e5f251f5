using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.Common;

/// <summary>The envelope of every OCPI response.</summary>
public sealed record OcpiResponse<T> : OcpiObject
{
    public T? Data { get; set; }
    [Required] public int? StatusCode { get; set; }
    public string? StatusMessage { get; set; }
    [Required] public DateTimeOffset? Timestamp { get; set; }
}
