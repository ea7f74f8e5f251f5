using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Admin;

/// <summary>
/// Whether a key presented to the admin API or the dashboard's sign-in is the admin key. While the file that keeps the
/// key cannot be read, every key is refused (the one read before may have been rotated since) and the log says why,
/// once until the file is readable again.
/// </summary>
public sealed class AdminGate(HubSecrets secrets, ILogger<AdminGate> log)
{
    private string? unreadable;

    public bool Admits(string? presented)
    {
        AdminKeyHash key;
        try
        {
            key = secrets.CurrentAdminKey();
        }
        catch (HubConfigurationException e)
        {
            if (Interlocked.Exchange(ref unreadable, e.Message) != e.Message)
                log.LogError("Every admin key is refused until the admin key can be read again: {Problem}", e.Message);
            return false;
        }
        if (Interlocked.Exchange(ref unreadable, null) is not null)
            log.LogInformation("The admin key can be read again");
        return !string.IsNullOrEmpty(presented) && key.Verifies(presented);
    }
}
