namespace OcpiHub.Server.Hosting.Limits;

/// <summary>
/// A token bucket per platform on the OCPI API: <see cref="Burst"/> requests at once, refilled at
/// <see cref="PermitsPerSecond"/>. A platform's <c>rate_limit_per_second</c> / <c>rate_limit_burst</c> settings
/// replace these for it; requests without a known token share one bucket per remote address.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Off: no request is limited.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a second a platform may make on average (fractions allowed).</summary>
    public double PermitsPerSecond { get; set; } = 1000;

    /// <summary>Requests a platform may make at once after being idle (the size of its bucket).</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>These options, once usable; an <see cref="ArgumentException"/> names the setting that is not.</summary>
    public RateLimitOptions Check()
    {
        TokenBucket.Check("Hub:RateLimit:PermitsPerSecond", "Hub:RateLimit:Burst", PermitsPerSecond, Burst);
        return this;
    }
}
