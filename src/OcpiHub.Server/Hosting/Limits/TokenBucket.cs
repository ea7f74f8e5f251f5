using System.Threading.RateLimiting;

namespace OcpiHub.Server.Hosting.Limits;

/// <summary>One platform's bucket: <paramref name="Burst"/> requests, refilled at <paramref name="PermitsPerSecond"/>.</summary>
public readonly record struct TokenBucket(double PermitsPerSecond, int Burst)
{
    /// <summary>
    /// The limiter's options. A fractional rate becomes whole permits over a longer period (0.5 a second: one every
    /// two seconds); the limiter refills in proportion to the time passed, so the period does not make it lumpy.
    /// </summary>
    public TokenBucketRateLimiterOptions LimiterOptions()
    {
        var permits = Math.Max(1, (int)Math.Round(PermitsPerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = permits,
            ReplenishmentPeriod = TimeSpan.FromSeconds(permits / PermitsPerSecond),
            QueueLimit = 0, // a request over the limit is answered at once, not held
            AutoReplenishment = true,
        };
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting that cannot make a bucket.</summary>
    public static void Check(string rateName, string burstName, double permitsPerSecond, int burst)
    {
        // A day per permit at the least: TimeSpan and the limiter take nothing slower.
        if (!(permitsPerSecond >= 1.0 / 86_400) || double.IsInfinity(permitsPerSecond))
            throw new ArgumentException($"{rateName} must be a number of at least 1/86400 (one request a day), not {permitsPerSecond}");
        if (burst < 1)
            throw new ArgumentException($"{burstName} must be at least 1, not {burst}");
    }
}
