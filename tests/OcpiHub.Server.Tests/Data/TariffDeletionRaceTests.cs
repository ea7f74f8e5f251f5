using System.Net;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A Tariff DELETE and a change of the same Tariff arriving at once are applied one after the other: whatever the
/// order, a PATCH never brings a deleted Tariff back, a PUT after the DELETE stores it anew, and every receiver ends
/// where the store ends.
/// </summary>
public class TariffDeletionRaceTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite, "PATCH")]
    [InlineData(StorageKind.PostgreSql, "PATCH")]
    [InlineData(StorageKind.Sqlite, "PUT")]
    [InlineData(StorageKind.PostgreSql, "PUT")]
    public async Task Concurrent_change_and_delete_of_one_tariff_leave_store_and_receivers_agreeing(StorageKind storage, string change)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        const string url = "receiver/tariffs/NL/C11/T1";
        var stored = false;
        for (var round = 0; round < 25; round++)
        {
            await net.SendOkAsync(net.Cpo211, HttpMethod.Put, url, TariffJson.Tariff(OcpiVersion.V211, "NL", "C11", "T1", updated: $"2026-11-01T10:{round:D2}:00Z"));
            var newer = $"2026-11-01T10:{round:D2}:30Z";
            var body = change == "PATCH"
                ? $$"""{"currency":"USD","last_updated":"{{newer}}"}"""
                : TariffJson.Tariff(OcpiVersion.V211, "NL", "C11", "T1", updated: newer);
            await Task.WhenAll(net.SendAsync(net.Cpo211, new HttpMethod(change), url, body), net.SendAsync(net.Cpo211, HttpMethod.Delete, url));

            using var readBack = await net.SendAsync(net.Cpo211, HttpMethod.Get, url);
            stored = readBack.StatusCode != HttpStatusCode.NotFound;
            // A PATCH after the DELETE finds nothing to patch: the Tariff ends deleted in either order.
            Assert.False(change == "PATCH" && stored, $"round {round}: the deleted tariff is stored again by a PATCH");
        }

        await net.Hub.QueueEmptyAsync("an empty queue", 20_000);
        foreach (var emsp in new[] { net.Emsp211, net.Emsp230 })
            Assert.Equal(stored ? "PUT" : "DELETE", RoamingNetwork.Changes(emsp, "tariffs")[^1].Method);
    }
}
