namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>Waits, bounded, for something the hub does in the background (deliveries) to be seen.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var value = probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>The same, for a probe that asks the hub (its admin API).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
