using Dapper;
using Microsoft.Data.Sqlite;
using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Deliveries;

/// <summary>
/// The store's claim hands out a receiver's backlog of one object as one run, from its oldest pending change on, in
/// order, to one node at a time; passes over a run whose first change waits for a retry without being filled by it;
/// and hands back what follows a change it could not take. On SQLite and PostgreSQL, on the store alone.
/// </summary>
public class DeliveryClaimTests
{
    private const string Receiver = "emsp-platform";
    private static readonly PartyKey Cpo = new("NL", "CPO");

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task A_receivers_backlog_of_one_object_is_claimed_as_one_run_in_order_by_one_node_at_a_time(StorageKind storage) =>
        WithStoreAsync(storage, async (store, database) =>
        {
            await QueueAsync(store, "L1", 0, 10);
            await QueueAsync(store, "L2", 0, 1);
            await QueueAsync(store, "L1", 10, 20);

            var first = await ClaimAsync(store, "a");

            Assert.Equal([.. Enumerable.Range(0, 30).Select(n => $"L1#{n}"), "L2#0"], first.Select(Change).OrderBy(c => c.StartsWith("L2", StringComparison.Ordinal)));
            Assert.Equal(first.Select(d => d.Seq).Order(), first.Select(d => d.Seq));
            // A change queued while the run is out waits for it, on any node, as do the run's own changes once some are done.
            await QueueAsync(store, "L1", 30, 1);
            Assert.Empty(await ClaimAsync(store, "b"));
            await store.CompleteAsync([.. first.Take(5).Select(d => d.Seq)], "a");
            Assert.Empty(await ClaimAsync(store, "b"));

            // The last change's lease ran out and node b took it over: a's acceptance of it is not recorded.
            await database.ExecuteWriteAsync("UPDATE deliveries SET lease_owner = 'b' WHERE seq = @seq", new { seq = first[^1].Seq });
            Assert.Equal(first.Skip(5).SkipLast(1).Select(d => d.Seq), (await store.CompleteAsync([.. first.Skip(5).Select(d => d.Seq)], "a")).Order());
            Assert.Empty(await ClaimAsync(store, "a"));
            await store.CompleteAsync([first[^1].Seq], "b");
            Assert.Equal(["L1#30"], (await ClaimAsync(store, "b")).Select(Change));
        });

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task A_change_given_up_is_not_re_driven_while_a_node_holds_later_changes_of_its_object(StorageKind storage) =>
        WithStoreAsync(storage, async (store, _) =>
        {
            await QueueAsync(store, "L1", 0, 3);
            var run = await ClaimAsync(store, "a");
            await store.GiveUpAsync(run[0].Seq, "a", "refused");
            var (seq, method, path, payload) = (run[0].Seq, run[0].Method, run[0].Path, run[0].Payload);

            Assert.Equal(RetryResult.BeingSent, await store.RetryAsync(seq, method, path, payload, DateTimeOffset.UtcNow));
            await store.ReleaseLeasesAsync("a", [.. run.Skip(1).Select(d => d.Seq)]);
            Assert.Equal(RetryResult.Retried, await store.RetryAsync(seq, method, path, payload, DateTimeOffset.UtcNow));
            Assert.Equal(["L1#0", "L1#1", "L1#2"], (await ClaimAsync(store, "b")).Select(Change));
        });

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task A_claim_over_several_receivers_hands_out_the_oldest_up_to_its_size(StorageKind storage) =>
        WithStoreAsync(storage, async (store, _) =>
        {
            string[] receivers = ["platform-a", "platform-b", "platform-c"];
            for (var n = 0; n < 100; n++)
            {
                foreach (var receiver in receivers)
                    await QueueAsync(store, "L1", n, 1, receiver);
            }

            var claim = await ClaimAsync(store, "a", max: 120);

            Assert.Equal(120, claim.Count);
            Assert.All(receivers, receiver => Assert.Equal(Enumerable.Range(0, 40).Select(n => $"L1#{n}"),
                claim.Where(d => d.ReceiverPlatformId == receiver).Select(Change)));
        });

    /// <summary>
    /// Each idle receiver's pending deliveries are read alone, up to its share of the claim: a receiver whose backlog is
    /// older and longer than the claim does not take all of it.
    /// </summary>
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task A_claim_gives_each_idle_receiver_its_share_however_long_an_older_backlog_is(StorageKind storage) =>
        WithStoreAsync(storage, async (store, _) =>
        {
            await QueueAsync(store, "L1", 0, 300, "platform-a");
            await QueueAsync(store, "L2", 0, 300, "platform-b");

            var claim = await ClaimAsync(store, "a", max: 200);

            Assert.Equal(Enumerable.Range(0, 100).Select(n => $"L1#{n}"), claim.Where(d => d.ReceiverPlatformId == "platform-a").Select(Change));
            Assert.Equal(Enumerable.Range(0, 100).Select(n => $"L2#{n}"), claim.Where(d => d.ReceiverPlatformId == "platform-b").Select(Change));
        });

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task Two_nodes_claiming_at_once_never_hold_one_object_together_and_each_takes_its_changes_in_order(StorageKind storage) =>
        WithStoreAsync(storage, async (store, _) =>
        {
            const int Objects = 6, Changes = 30;
            var ids = Enumerable.Range(0, Objects).Select(o => $"L{o}").ToList();
            for (var n = 0; n < Changes; n++)
            {
                foreach (var id in ids)
                    await QueueAsync(store, id, n, 1);
            }
            var next = ids.ToDictionary(id => id, _ => 0);

            for (var rounds = 0; next.Values.Sum() < Objects * Changes; rounds++)
            {
                Assert.True(rounds < 500, "the claims stopped handing out what is pending");
                var claims = await Task.WhenAll(ClaimAsync(store, "a", max: 20), ClaimAsync(store, "b", max: 20));
                Assert.Empty(claims[0].Select(d => d.ObjectKey).Intersect(claims[1].Select(d => d.ObjectKey)));
                foreach (var (claim, node) in claims.Zip(["a", "b"]))
                {
                    foreach (var run in claim.GroupBy(d => d.ObjectKey))
                    {
                        Assert.Equal(Enumerable.Range(next[run.Key], run.Count()).Select(n => $"{run.Key}#{n}"), run.Select(Change));
                        next[run.Key] += run.Count();
                    }
                    Assert.Equal(claim.Count, (await store.CompleteAsync([.. claim.Select(d => d.Seq)], node)).Count);
                }
            }
        });

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public Task A_run_waiting_for_a_retry_is_passed_over_and_what_follows_a_change_taken_elsewhere_is_handed_back(StorageKind storage) =>
        WithStoreAsync(storage, async (store, database) =>
        {
            await QueueAsync(store, "L1", 0, 10);
            await QueueAsync(store, "L2", 0, 1);
            var head = await ClaimAsync(store, "a", max: 5);
            Assert.Equal(["L1#0", "L1#1", "L1#2", "L1#3", "L1#4"], head.Select(Change));
            await store.RescheduleAsync(head[0].Seq, "a", DateTimeOffset.UtcNow.AddHours(1), "refused");
            await store.ReleaseLeasesAsync("a", [.. head.Skip(1).Select(d => d.Seq)]);

            // L1's nine later changes do not fill a claim of five: L2 is found behind them.
            Assert.Equal(["L2#0"], (await ClaimAsync(store, "b", max: 5)).Select(Change));

            // L3's second change leased by another node while its first is not (two claims crossing): the first goes
            // alone, and the two after the second are left to be claimed in their turn, not leased.
            await QueueAsync(store, "L3", 0, 4);
            var l3 = (await store.ListDeliveriesAsync(DeliveryStatus.Pending, false, 100)).Where(d => d.ObjectKey == "L3").ToList();
            await database.ExecuteWriteAsync("UPDATE deliveries SET lease_owner = 'c', lease_until = @until WHERE seq = @seq",
                new { seq = l3[1].Seq, until = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });

            Assert.Equal(["L3#0"], (await ClaimAsync(store, "b")).Select(Change));
            Assert.Equal(2, await database.CountAsync(
                $"SELECT COUNT(*) FROM deliveries WHERE seq IN ({l3[2].Seq}, {l3[3].Seq}) AND status = 'Pending' AND lease_owner IS NULL AND lease_until IS NULL"));
        });

    [Fact]
    public Task On_sqlite_a_change_rewritten_between_the_claims_read_and_its_lease_goes_out_as_rewritten() =>
        WithStoreAsync(StorageKind.Sqlite, async (store, database) =>
        {
            await QueueAsync(store, "L1", 0, 1);
            var seq = (await store.ListDeliveriesAsync(DeliveryStatus.Pending, false, 10)).Single().Seq;
            // Another writer (an operator's re-drive as the object's full state, say) holds SQLite's write lock with
            // the change rewritten but not yet committed: the claim reads the change as it was, then waits to lease it.
            await using var rewriter = new SqliteConnection($"Data Source={await FileOfAsync(database)};Pooling=False");
            await rewriter.OpenAsync();
            await using var rewrite = rewriter.BeginTransaction(deferred: false);
            await rewriter.ExecuteAsync("""UPDATE deliveries SET payload = '{"id":"L1","n":99}' WHERE seq = @seq""", new { seq }, rewrite);

            var claim = ClaimAsync(store, "a");
            // Time for the claim's read (were it slower, the rewrite would be read as committed and the test would pass either way).
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(claim.IsCompleted, "the claim leased without waiting for the other writer");
            await rewrite.CommitAsync();

            Assert.Equal(["L1#99"], (await claim).Select(Change));
        });

    private static Task WithStoreAsync(StorageKind storage, Func<DataStore, HubDatabase, Task> test) =>
        ScratchDatabase.WithAsync(storage, database => test(new DataStore(database, TimeProvider.System, new SharedStateVersion(database)), database));

    private static async Task<string> FileOfAsync(HubDatabase database)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync();
        return connection.DataSource;
    }

    /// <summary>Queues changes <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1 of Location <paramref name="id"/> to the receiver, one push each.</summary>
    private static async Task QueueAsync(DataStore store, string id, int from, int count, string receiver = Receiver)
    {
        for (var n = from; n < from + count; n++)
        {
            var location = new StoredObject(DataModule.Locations, Cpo, id, DateTimeOffset.UtcNow, $$"""{"id":"{{id}}","n":{{n}}}""", null, DateTimeOffset.UtcNow);
            await store.EnqueueAsync([new ObjectDelivery(location, $"/NL/CPO/{id}",
                new NewDelivery(receiver, new PartyKey("DE", "EMA"), Cpo, "PUT", $"/NL/CPO/{id}", location.Body))], $"change-{id}-{n}", collapse: false);
        }
    }

    private static Task<IReadOnlyList<Delivery>> ClaimAsync(DataStore store, string node, int max = 500)
    {
        var now = DateTimeOffset.UtcNow;
        return store.ClaimDueAsync(now, new NodeLease(node, now.AddMinutes(1)), max, []);
    }

    /// <summary>Which change a delivery carries: its Location and number.</summary>
    private static string Change(Delivery delivery) =>
        $"{delivery.ObjectKey}#{System.Text.Json.Nodes.JsonNode.Parse(delivery.Payload!)!["n"]}";
}
