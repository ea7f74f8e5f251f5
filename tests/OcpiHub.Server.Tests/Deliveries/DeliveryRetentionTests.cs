using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// The outbox does not grow with traffic alone: on the hub's clock, driven here, delivered deliveries (rows and
/// payloads) go 7 days after they were delivered, dead letters 30 days after they were given up, and deliveries still
/// pending stay, whatever their age.
/// </summary>
public class DeliveryRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Delivered_rows_go_after_their_retention_and_dead_letters_after_theirs_while_pending_ones_stay(StorageKind storage)
    {
        var clock = new FakeTimeProvider(Start);
        await using var hub = await HubUnderTest.StartAsync(storage, clock, "--Hub:Sync:Enabled=false");
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "RET"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "RE2", "DE"));
        await using var other = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "RE3", "DE"));
        foreach (var partner in new[] { cpo, emsp, other })
            await Partners.ConnectAsync(hub, partner, Initiator.Partner);
        foreach (var receiver in new[] { "DE*RE2", "DE*RE3" })
            await hub.AgreeAsync("NL*RET", receiver);
        // The 2.2.1 eMSP refuses DEAD for good (a dead letter at once) and is down for LATER (pending, retried).
        emsp.ModuleResponder = r => r.Path.EndsWith("/DEAD", StringComparison.Ordinal) ? new SimulatedResponse(OcpiStatus: 2001, Message: "refused")
            : r.Path.EndsWith("/LATER", StringComparison.Ordinal) ? new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down")
            : null;

        foreach (var id in new[] { "DONE", "DEAD", "LATER" })
        {
            using var pushed = await cpo.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/NL/RET/{id}",
                LocationJson.Location(OcpiVersion.V221, "NL", "RET", id));
            Assert.True(pushed.IsSuccessStatusCode, await pushed.Content.ReadAsStringAsync());
        }
        var store = hub.Service<IDataStore>();
        await Eventually.UntilAsync(() => ListAsync(store, DeliveryStatus.Done), d => d.Count == 4, "four Location deliveries delivered");
        var dead = Assert.Single(await Eventually.UntilAsync(() => ListAsync(store, DeliveryStatus.Dead), d => d.Count == 1, "a dead letter"));
        var later = Assert.Single(await Eventually.UntilAsync(() => ListAsync(store, DeliveryStatus.Pending, failedOnly: true), d => d.Count == 1, "a failing delivery"));
        Assert.Equal(("DEAD", "LATER"), (dead.ObjectKey, later.ObjectKey));

        // Eight days on: the delivered rows are gone with their payloads; the dead letter and the failing delivery stay
        // (the latter given up now, its retry window over, and kept from now on as a dead letter).
        var delivered = await store.ListDeliveriesAsync(DeliveryStatus.Done, false, 100); // with the hub's ClientInfo ones
        clock.Advance(TimeSpan.FromDays(8));
        await Eventually.UntilAsync(async () => (await Task.WhenAll(delivered.Select(d => store.FindDeliveryAsync(d.Seq)))).All(d => d is null), gone => gone,
            "the delivered deliveries removed");
        Assert.NotNull((await store.FindDeliveryAsync(dead.Seq))?.Payload);
        Assert.NotNull((await store.FindDeliveryAsync(later.Seq))?.Payload);

        // Thirty-one days on: the first dead letter is past its 30 days; the one given up on day 8 is not.
        clock.Advance(TimeSpan.FromDays(23));
        await Eventually.UntilAsync(async () => await store.FindDeliveryAsync(dead.Seq) is null, gone => gone, "the old dead letter removed");
        Assert.NotNull((await store.FindDeliveryAsync(later.Seq))?.Payload);
    }

    /// <summary>The Location deliveries of <paramref name="status"/> (the hub's own ClientInfo deliveries of the registrations aside).</summary>
    private static async Task<List<Delivery>> ListAsync(IDataStore store, DeliveryStatus status, bool failedOnly = false) =>
        [.. (await store.ListDeliveriesAsync(status, failedOnly, 100)).Where(d => d.Module == DataModule.Locations)];
}
