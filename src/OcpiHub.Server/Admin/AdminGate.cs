using System.Net;
using System.Threading.RateLimiting;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Hosting.Limits;

namespace OcpiHub.Server.Admin;

/// <summary>What the admin key check says of a presented key.</summary>
public enum AdminVerdict
{
    Admitted,
    Refused,

    /// <summary>Not checked: the client's address has asked for too many key derivations of late.</summary>
    TooManyAttempts,
}

/// <summary>
/// Whether a key presented to the admin API or the dashboard's sign-in is the admin key. The key that verified last
/// costs a hash; any other a key derivation (<see cref="AdminKeyHash"/>), which each client address may ask for
/// <see cref="Attempts"/> times at once, then once a second: more are not checked (<see cref="AdminVerdict.TooManyAttempts"/>),
/// so wrong keys cannot keep the hub deriving. While the file that keeps the key cannot be read, every key is
/// refused (the one read before may have been rotated since) and the log says why, once until it is readable again.
/// </summary>
public sealed class AdminGate(HubSecrets secrets, ILogger<AdminGate> log) : IDisposable
{
    public const int Attempts = 10;

    private readonly PartitionedRateLimiter<IPAddress> derivations = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucket(1, Attempts).LimiterOptions()));
    private string? unreadable;

    public AdminVerdict Check(string? presented, IPAddress? client)
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
            return AdminVerdict.Refused;
        }
        if (Interlocked.Exchange(ref unreadable, null) is not null)
            log.LogInformation("The admin key can be read again");
        if (string.IsNullOrEmpty(presented))
            return AdminVerdict.Refused;
        if (key.VerifiedBefore(presented))
            return AdminVerdict.Admitted;
        using var derivation = derivations.AttemptAcquire(client ?? IPAddress.None);
        return !derivation.IsAcquired ? AdminVerdict.TooManyAttempts
            : key.Verifies(presented) ? AdminVerdict.Admitted
            : AdminVerdict.Refused;
    }

    public void Dispose() => derivations.Dispose();
}
