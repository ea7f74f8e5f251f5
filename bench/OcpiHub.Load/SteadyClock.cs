namespace OcpiHub.Load;

/// <summary>
/// The system clock to the millisecond, but never the same instant twice: each change a partner stamps with it has a
/// <c>last_updated</c> of its own, so a receiver's copy tells exactly which change it holds.
/// </summary>
public sealed class SteadyClock : TimeProvider
{
    private long lastTicks;

    public override DateTimeOffset GetUtcNow()
    {
        while (true)
        {
            var last = Interlocked.Read(ref lastTicks);
            var now = base.GetUtcNow().UtcTicks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
            var next = Math.Max(now, last + TimeSpan.TicksPerMillisecond);
            if (Interlocked.CompareExchange(ref lastTicks, next, last) == last)
                return new DateTimeOffset(next, TimeSpan.Zero);
        }
    }
}
