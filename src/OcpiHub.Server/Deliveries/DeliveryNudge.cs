using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Deliveries;

/// <summary>Wakes the delivery worker when a change was queued, so a push reaches receivers at once, not at the next poll.</summary>
public sealed class DeliveryNudge : Wakeup;
