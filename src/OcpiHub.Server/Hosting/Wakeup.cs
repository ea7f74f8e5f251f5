namespace OcpiHub.Server.Hosting;

/// <summary>Wakes a background worker that otherwise polls: any number of signals before it waits wake it once.</summary>
public class Wakeup
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
                // Signalled already.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
