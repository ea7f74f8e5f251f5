using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Protocol.V230;

// Commands module, 2.3.0 (canonical); unchanged from 2.2.1. StopSession, UnlockConnector and CommandResponse serve 2.1.1 too.

/// <summary>The CPO's synchronous answer to a command (2.1.1: also its asynchronous result).</summary>
public sealed record CommandResponse : OcpiObject, IValidatable
{
    [Required] public CommandResponseType? Result { get; set; }
    public int? Timeout { get; set; }
    public IReadOnlyList<DisplayText>? Message { get; set; }

    // 2.1.1 answers with the result alone; 2.2.1 added the timeout the eMSP waits for the result.
    public void Validate(ValidationScope scope)
    {
        if (scope.IsFull && scope.Version >= OcpiVersion.V221 && Timeout is null)
            scope.Problem("timeout", "required field missing");
        if (Timeout < 0)
            scope.Problem("timeout", "must not be negative");
    }
}

/// <summary>The asynchronous result of a command (2.2.1+).</summary>
public sealed record CommandResult : OcpiObject
{
    [Required] public CommandResultType? Result { get; set; }
    public IReadOnlyList<DisplayText>? Message { get; set; }
}

/// <summary>Command START_SESSION.</summary>
public sealed record StartSession : OcpiObject, IValidatable
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required] public Token? Token { get; set; }
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [CiStr(36)] public string? EvseUid { get; set; }
    [CiStr(36)] public string? ConnectorId { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }

    public void Validate(ValidationScope scope)
    {
        if (ConnectorId is not null && EvseUid is null)
            scope.Problem("evse_uid", "required when connector_id is set");
    }
}

/// <summary>Command STOP_SESSION.</summary>
public sealed record StopSession : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required, CiStr(36)] public string? SessionId { get; set; }
}

/// <summary>Command RESERVE_NOW.</summary>
public sealed record ReserveNow : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required] public Token? Token { get; set; }
    [Required] public DateTimeOffset? ExpiryDate { get; set; }
    [Required, CiStr(36)] public string? ReservationId { get; set; }
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [CiStr(36)] public string? EvseUid { get; set; }
    [CiStr(36)] public string? AuthorizationReference { get; set; }
}

/// <summary>Command CANCEL_RESERVATION (2.2.1+).</summary>
public sealed record CancelReservation : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required, CiStr(36)] public string? ReservationId { get; set; }
}

/// <summary>Command UNLOCK_CONNECTOR.</summary>
public sealed record UnlockConnector : OcpiObject
{
    [Required, Url] public string? ResponseUrl { get; set; }
    [Required, CiStr(36)] public string? LocationId { get; set; }
    [Required, CiStr(36)] public string? EvseUid { get; set; }
    [Required, CiStr(36)] public string? ConnectorId { get; set; }
}
