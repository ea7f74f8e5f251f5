namespace OcpiHub.Server.Tests.Sync;

/// <summary>A clock that moves one second at every reading, so that what a store records in turn has distinct times.</summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long readings;

    public override DateTimeOffset GetUtcNow() => start.AddSeconds(Interlocked.Increment(ref readings));
}
