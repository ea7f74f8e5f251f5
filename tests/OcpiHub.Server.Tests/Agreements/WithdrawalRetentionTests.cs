using Microsoft.Extensions.Time.Testing;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Data.Tariffs;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Agreements;

/// <summary>
/// What stopped reaching someone is recorded for the withdraws of catch-ups, and kept only while one may need it:
/// on the hub's clock, driven here, the hourly cleanup forgets a removal once no agreement of its owner is stopped,
/// and keeps one an agreement still suspended will withdraw.
/// </summary>
public class WithdrawalRetentionTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_removal_is_forgotten_once_no_stopped_agreement_can_withdraw_it(StorageKind storage)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var net = await RoamingNetwork.StartAsync(storage, clock);
        await net.SendOkAsync(net.Cpo221, HttpMethod.Put, "receiver/tariffs/NL/C22/T-A", TariffJson.Tariff(OcpiVersion.V221, "NL", "C22", "T-A"));
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/tariffs/NL/C11/T-B", TariffJson.Tariff(OcpiVersion.V211, "NL", "C11", "T-B"));
        await net.Hub.QueueEmptyAsync("the Tariffs sent");
        // Each step a moment after the one before: a withdraw covers what was stored before data stopped.
        clock.Advance(TimeSpan.FromMinutes(1));
        var (c22WithE22, c11WithE11) = (await net.AgreementIdAsync("NL*C22", "DE*E22"), await net.AgreementIdAsync("NL*C11", "DE*E11"));
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{c22WithE22}/suspend");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{c11WithE11}/suspend");
        clock.Advance(TimeSpan.FromMinutes(1));
        await net.SendOkAsync(net.Cpo221, HttpMethod.Delete, "receiver/tariffs/NL/C22/T-A");
        await net.SendOkAsync(net.Cpo211, HttpMethod.Delete, "receiver/tariffs/NL/C11/T-B");
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{c22WithE22}/resume");
        await net.CaughtUpAsync(c22WithE22);
        var database = net.Hub.Service<HubDatabase>();
        Task<long> RecordsOfAsync(string owner) => database.CountAsync("SELECT COUNT(*) FROM stopped_reaching WHERE owner = @owner", new { owner });
        Assert.Equal((1, 1), (await RecordsOfAsync("NL*C22"), await RecordsOfAsync("NL*C11")));

        // An hour on, and the check of Tariffs' validity periods has read the removals, by the hourly cleanup after.
        clock.Advance(TimeSpan.FromHours(1));
        await Eventually.UntilAsync(() => net.Hub.Service<JobMarkStore>().ReachedAsync(TariffValidity.JobName), reached => reached >= clock.GetUtcNow(),
            "validity periods checked");
        clock.Advance(TimeSpan.FromHours(1));

        await Eventually.UntilAsync(() => RecordsOfAsync("NL*C22"), n => n == 0, "T-A's removal forgotten: the agreement that stopped is active again");
        Assert.Equal(1, await RecordsOfAsync("NL*C11"));
        var before = RoamingNetwork.Changes(net.Emsp211, "tariffs").Count;
        await net.Hub.AdminAsync(HttpMethod.Post, $"admin/agreements/{c11WithE11}/resume");
        await net.CaughtUpAsync(c11WithE11);
        await net.Hub.QueueEmptyAsync("the withdraw sent");
        Assert.Contains(RoamingNetwork.Changes(net.Emsp211, "tariffs").Skip(before), r => r.Method == "DELETE" && r.Path == "/ocpi/2.1.1/tariffs/NL/C11/T-B");
    }

    /// <summary>
    /// Thousands of records of two owners, forgotten in batches (each a write of its own, so pushes wait for one batch
    /// at most): every one of NL*C22, and of NL*C11 only those before the time an agreement of its keeps from.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Many_records_are_forgotten_in_batches_up_to_what_an_owner_keeps(StorageKind storage)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        var database = net.Hub.Service<HubDatabase>();
        // Stamped from now on: the hub's own hourly run, which weighs only records ten minutes old, leaves them.
        var now = DateTimeOffset.UtcNow;
        await database.ExecuteWriteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
            INSERT INTO stopped_reaching (module, owner, object_key, object_id, body, created_at, changed_at, state_version)
            SELECT 'Tariffs', o.owner, 'T' || n.i, 'T' || n.i, '{}', 0, @now + n.i, 0 FROM n CROSS JOIN (SELECT 'NL*C22' AS owner UNION ALL SELECT 'NL*C11') o
            """, new { now = now.ToUnixTimeMilliseconds() });

        var forgotten = await net.Hub.Service<ICatchUpStore>().ForgetStoppedReachingAsync(
            new Dictionary<PartyKey, DataStop> { [new PartyKey("NL", "C11")] = new(now.AddMilliseconds(1000), null) }, now.AddHours(1));

        Task<long> RecordsOfAsync(string owner) => database.CountAsync("SELECT COUNT(*) FROM stopped_reaching WHERE owner = @owner", new { owner });
        Assert.Equal((2500 + 999, 0L, 1501L), (forgotten, await RecordsOfAsync("NL*C22"), await RecordsOfAsync("NL*C11")));
    }
}
