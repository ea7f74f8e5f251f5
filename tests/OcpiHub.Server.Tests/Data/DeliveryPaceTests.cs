using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Data.DeliveryTests;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// How soon deliveries go, and stop: a hanging receiver delays no one else (the others have theirs within seconds),
/// and a receiver that unregisters while its lane sends a batch, one slow answer at a time, is sent no more of it.
/// </summary>
[Collection(nameof(TimedTests))]
public class DeliveryPaceTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_receiver_that_unregisters_in_the_middle_of_a_batch_is_sent_no_more_of_it(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryConcurrencyPerReceiver=1");
        var (cpo, emsps) = await ConnectAsync(hub, "EMA");
        await using var _ = cpo;
        await using var emsp = emsps[0];
        emsp.ModuleResponseDelay = TimeSpan.FromMilliseconds(500);
        // L0 keeps the receiver's lane busy while L1 to L6 are queued: they go as one batch after it, one at a time.
        foreach (var id in Enumerable.Range(0, 7).Select(i => $"L{i}"))
            await PushAsync(hub, cpo, HttpMethod.Put, $"NL/CPA/{id}", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", id));
        await Eventually.UntilAsync(() => LocationPuts(emsp), n => n >= 2, "the batch under way");

        await emsp.UnregisterAsync();

        await hub.QueueEmptyAsync("the rest of the batch given up");
        Assert.True(LocationPuts(emsp) <= 3, $"{LocationPuts(emsp)} Locations reached the receiver, which unregistered after the second");
    }

    private static int LocationPuts(SimulatedPartner emsp) => emsp.Requests.Count(r => r.Method == "PUT" && r.Path.Contains("/locations/", StringComparison.Ordinal));

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_hanging_receiver_does_not_delay_the_others(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var (cpo, emsps) = await ConnectAsync(hub, "SLO", "FA1", "FA2");
        await using var _ = cpo;
        var (slow, fast1, fast2) = (emsps[0], emsps[1], emsps[2]);
        slow.ModuleResponseDelay = TimeSpan.FromMinutes(1);

        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L1"));
        await PushAsync(hub, cpo, HttpMethod.Put, "NL/CPA/L2", LocationJson.Location(OcpiVersion.V221, "NL", "CPA", "L2"));

        foreach (var fast in new[] { fast1, fast2 })
            await Eventually.UntilAsync(() => Pushes(fast).Count, n => n == 2, "both locations at a fast receiver", 3_000);
        Assert.True(Pushes(slow).Count <= 1);
        foreach (var emsp in emsps)
            await emsp.DisposeAsync();
    }
}
