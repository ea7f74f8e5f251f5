using OcpiHub.Server.Admin;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// An operator lists one receiver's deliveries (<c>GET /admin/deliveries?receiver_platform=…</c>) and re-drives all of
/// a receiver's failed and dead ones from the dashboard, however many other receivers have before them.
/// </summary>
public sealed class RedriveAllTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Redriving_all_of_a_receiver_reaches_its_dead_letters_behind_more_than_a_page_of_another_receivers(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        await DeadLettersAsync(database, "platform-a", 1001);
        await DeadLettersAsync(database, "platform-b", 1);

        var listed = await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead&receiver_platform=platform-b");
        var (redriven, refused) = await hub.Service<DeliveryQueue>().RedriveAllAsync("platform-b", CancellationToken.None);

        Assert.Equal(1, redriven);
        Assert.Empty(refused);
        Assert.Equal("platform-b", Assert.Single(listed.AsArray())!["receiver_platform"]!.GetValue<string>());
    }

    /// <summary>
    /// CDR POSTs to <paramref name="platform"/> given up just now (kept by the dead-letter retention; a CDR is re-driven as it
    /// was), oldest first in the order written.
    /// </summary>
    private static Task DeadLettersAsync(HubDatabase database, string platform, int count) =>
        database.ExecuteWriteAsync($"""
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO deliveries (receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id,
                status, attempts, next_attempt_at, created_at, ended_at, last_error)
            SELECT '{platform}', 'DE*EMA', 'NL*CPO', 'Cdrs', 'NL*CPO', 'CDR' || i, 'POST', '', NULL, 'dead-letters',
                'Dead', 1, 0, @now, @now, 'refused' FROM n
            """, new { now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
}
