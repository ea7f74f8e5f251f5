namespace OcpiHub.Server.Deliveries;

/// <summary>Wakes the delivery worker when a change was queued, so a push reaches receivers at once, not at the next poll.</summary>
public sealed class DeliveryNudge
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Signal()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another push woke it already.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
