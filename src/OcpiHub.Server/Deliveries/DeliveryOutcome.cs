namespace OcpiHub.Server.Deliveries;

public enum DeliveryResult
{
    /// <summary>The receiver accepted it.</summary>
    Delivered,
    /// <summary>Worth another attempt later: the receiver was unreachable, slow or failing.</summary>
    Retry,
    /// <summary>The receiver refused the change itself: send the object's full state instead.</summary>
    SendFullState,
    /// <summary>No attempt can succeed (receiver gone, no endpoint, the object refused as such).</summary>
    GiveUp,
    /// <summary>The receiver party is carried by another platform now: the delivery goes there (<c>MovedTo</c>).</summary>
    MoveTo,
}

public sealed record DeliveryOutcome(DeliveryResult Result, string? Reason = null, string? MovedTo = null);
