using System.Data.Common;
using Dapper;
using OcpiHub.Core.Agreements;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

public sealed class CatchUpStore(HubDatabase database, DataStore data, SharedStateVersion state) : ICatchUpStore
{
    private const string Key = "agreement_id = @AgreementId AND receiver = @Receiver AND module = @Module";

    public Task StartAsync(IReadOnlyCollection<CatchUp> catchUps, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await StartAsync(connection, transaction, catchUps);
            return 0;
        }, cancellationToken);

    /// <summary>Whether <paramref name="catchUps"/> withdraw what stopped reaching their receivers: their start bounds a withdraw window.</summary>
    internal static bool Withdraw(IEnumerable<CatchUp> catchUps) => catchUps.Any(c => c.WithdrawSince is not null);

    /// <summary>
    /// <see cref="StartAsync(IReadOnlyCollection{CatchUp}, CancellationToken)"/> in the caller's transaction (with the
    /// agreement's own change), which holds the writers' lock already where they withdraw and it changed agreements or
    /// platforms before (<see cref="SharedStateVersion.HoldForWindowBoundAsync"/>).
    /// </summary>
    internal static async Task StartAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<CatchUp> catchUps)
    {
        // The end of the withdraws: the shared state version, raised here so that it is this change's whatever else it
        // changed before or after. A writer that read an older one sent by agreements and platforms as they stood before
        // this change (data still stopped: it sent the receiver nothing); one that reads this one or later, by this
        // change (it sent as it wrote). Clocks of nodes cannot order the two: a writer's may run ahead of this node's.
        long? withdrawBeforeVersion = Withdraw(catchUps) ? await SharedStateVersion.RaiseAsync(connection, transaction, boundsWindow: true) : null;
        // In one order whoever starts them (an agreement's change, a platform's): two transactions never wait for each other's rows in a circle.
        foreach (var catchUp in catchUps.OrderBy(c => c.AgreementId, StringComparer.Ordinal).ThenBy(c => c.Receiver.ToString(), StringComparer.Ordinal)
                     .ThenBy(c => c.Module))
        {
            await connection.ExecuteAsync("""
                INSERT INTO agreement_catch_ups (agreement_id, receiver, module, correlation_id, withdraw_since, withdraw_from_version, withdraw_before_version)
                VALUES (@AgreementId, @Receiver, @Module, @CorrelationId, @WithdrawSince, @WithdrawFromVersion, @WithdrawBeforeVersion)
                ON CONFLICT (agreement_id, receiver, module) DO UPDATE
                    SET correlation_id = excluded.correlation_id, after_created = NULL, after_owner = NULL, after_key = NULL,
                        withdraw_from_version = CASE WHEN agreement_catch_ups.withdraw_since IS NULL THEN excluded.withdraw_from_version
                            ELSE agreement_catch_ups.withdraw_from_version END,
                        withdraw_since = COALESCE(agreement_catch_ups.withdraw_since, excluded.withdraw_since),
                        withdraw_before_version = COALESCE(excluded.withdraw_before_version, agreement_catch_ups.withdraw_before_version)
                """, new { catchUp.AgreementId, Receiver = catchUp.Receiver.ToString(), Module = catchUp.Module.ToString(), catchUp.CorrelationId,
                    WithdrawSince = catchUp.WithdrawSince?.At.ToUnixTimeMilliseconds(), WithdrawFromVersion = catchUp.WithdrawSince?.StateVersion,
                    WithdrawBeforeVersion = catchUp.WithdrawSince is null ? null : withdrawBeforeVersion }, transaction);
        }
    }

    public async Task<IReadOnlyList<CatchUp>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var pending = (await connection.QueryAsync<(string AgreementId, string Receiver, string Module, string CorrelationId, long? WithdrawSince, long? WithdrawFromVersion)>(
                "SELECT agreement_id, receiver, module, correlation_id, withdraw_since, withdraw_from_version FROM agreement_catch_ups ORDER BY agreement_id, receiver, module"))
            .Select(r => new CatchUp(r.AgreementId, DataStore.Party(r.Receiver), Enum.Parse<DataModule>(r.Module), r.CorrelationId,
                r.WithdrawSince is { } since ? new DataStop(DateTimeOffset.FromUnixTimeMilliseconds(since), r.WithdrawFromVersion) : null))
            .ToList();
        // Each was written with the change that started it: this node's copies of platforms and agreements are read
        // at least as new as that change (a platform that moved to another version on another node is sent to as it is now).
        if (pending.Count > 0)
            await state.ReadAsync(cancellationToken);
        return pending;
    }

    public Task<bool> SendPageAsync(CatchUp catchUp, PartyKey owner, int pageSize, Func<StoredObject, IObjectFinder, Task<ObjectDelivery?>> deliveryOf,
        Func<StoredObject, StoredObject?, DateTimeOffset, IObjectFinder, Task<ObjectDelivery?>> withdrawalOf, bool timeBound, bool collapse,
        CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            // Held (PostgreSQL: the row; SQLite: the write lock), so two nodes never queue one page twice: the second
            // reads where the first left it. PostgreSQL: after the writers' lock, shared, which the page's objects take
            // too: a change that starts catch-ups takes it exclusively before their rows, so never the two in a circle.
            if (database.Kind == DatabaseKind.PostgreSql)
                await connection.ExecuteAsync(SharedStateVersion.HoldForWriting, new { writersLock = SharedStateVersion.WritersLock }, transaction);
            var held = await connection.QuerySingleOrDefaultAsync<(long? AfterCreated, string? AfterOwner, string? AfterKey, long? WithdrawSince,
                long? WithdrawFromVersion, long? WithdrawBeforeVersion, string Status)>($"""
                SELECT c.after_created, c.after_owner, c.after_key, c.withdraw_since, c.withdraw_from_version, c.withdraw_before_version, a.status
                FROM agreement_catch_ups c JOIN agreements a ON a.id = c.agreement_id
                WHERE c.agreement_id = @AgreementId AND c.receiver = @Receiver AND c.module = @Module{(database.Kind == DatabaseKind.PostgreSql ? " FOR UPDATE OF c" : "")}
                """, Row(catchUp), transaction);
            if (held.Status is null)
                return false;
            if (held.Status != nameof(AgreementStatus.Active))
            {
                await connection.ExecuteAsync($"DELETE FROM agreement_catch_ups WHERE {Key}", Row(catchUp), transaction);
                return false;
            }
            if (held.WithdrawSince is { } since)
            {
                // The withdrawals first, then the objects: an object removed and made again is sent as it is now, after its DELETE.
                var (lastKey, moreRemoved) = await data.EnqueueWithdrawnPageAsync(connection, transaction, catchUp.Module, owner,
                    new(since, held.WithdrawFromVersion, held.WithdrawBeforeVersion ?? long.MaxValue), held.AfterKey, pageSize, withdrawalOf, timeBound, catchUp.CorrelationId, collapse);
                await connection.ExecuteAsync($"UPDATE agreement_catch_ups SET withdraw_since = @since, withdraw_from_version = @fromVersion, after_key = @key WHERE {Key}",
                    new { catchUp.AgreementId, Receiver = catchUp.Receiver.ToString(), Module = catchUp.Module.ToString(), since = moreRemoved ? since : (long?)null,
                        fromVersion = moreRemoved ? held.WithdrawFromVersion : null, key = moreRemoved ? lastKey : null }, transaction);
                return true;
            }
            var after = held.AfterCreated is { } created ? new ObjectPosition(created, DataStore.Party(held.AfterOwner!), held.AfterKey!) : null;
            var (last, hasMore) = await data.EnqueuePageAsync(connection, transaction,
                new ObjectQuery(catchUp.Module, [owner], null, null, null, 0, pageSize, CountTotal: false, after), deliveryOf,
                catchUp.CorrelationId, collapse);
            if (!hasMore)
                await connection.ExecuteAsync($"DELETE FROM agreement_catch_ups WHERE {Key}", Row(catchUp), transaction);
            else
            {
                await connection.ExecuteAsync($"UPDATE agreement_catch_ups SET after_created = @created, after_owner = @owner, after_key = @key WHERE {Key}",
                    new { catchUp.AgreementId, Receiver = catchUp.Receiver.ToString(), Module = catchUp.Module.ToString(), created = last!.CreatedAt,
                        owner = last.Owner.ToString(), key = last.Key }, transaction);
            }
            return hasMore;
        }, cancellationToken);

    public Task TellAsync(CatchUp catchUp, Func<Agreement, Platform?, Platform?, ObjectDelivery?> telling, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            // Held as a page is: told by one node only. What is told is read after the hold, as stored: a change that
            // started the catch-up again and committed first is told here; one not yet committed waits for this
            // transaction and starts the catch-up anew, told after this.
            var correlationId = await connection.QuerySingleOrDefaultAsync<string?>(
                $"SELECT correlation_id FROM agreement_catch_ups WHERE {Key}{(database.Kind == DatabaseKind.PostgreSql ? " FOR UPDATE" : "")}", Row(catchUp), transaction);
            if (correlationId is null)
                return 0;
            if (await AgreementStore.FindAsync(connection, transaction, catchUp.AgreementId) is { } agreement
                && telling(agreement, await PlatformStore.FindByPartyAsync(connection, transaction, catchUp.Receiver),
                    await PlatformStore.FindByPartyAsync(connection, transaction, agreement.CounterpartOf(catchUp.Receiver))) is { } delivery)
                await data.EnqueueAsync(connection, transaction, [delivery], correlationId, collapse: true);
            return await connection.ExecuteAsync($"DELETE FROM agreement_catch_ups WHERE {Key}", Row(catchUp), transaction);
        }, cancellationToken);

    public async Task<int> ForgetStoppedReachingAsync(IReadOnlyDictionary<PartyKey, DataStop> keepFrom, DateTimeOffset before,
        CancellationToken cancellationToken = default)
    {
        List<string> owners;
        await using (var connection = await database.OpenAsync(cancellationToken))
            owners = [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT owner FROM stopped_reaching", cancellationToken: cancellationToken))];
        var forgotten = 0;
        foreach (var owner in owners)
        {
            var kept = keepFrom.TryGetValue(DataStore.Party(owner), out var stop) ? stop : (DataStop?)null;
            var until = (kept is { At: var at } && at < before ? at : before).ToUnixTimeMilliseconds();
            // Kept from the stop's version on too: a record written after it on a node whose clock runs behind is stamped before it.
            var untilVersion = kept?.StateVersion ?? long.MaxValue;
            // A batch a write, each committed on its own: a push (on SQLite, the one writer) waits for one batch at most.
            int batch;
            do
            {
                batch = await database.ExecuteWriteAsync(ForgetBatch, new { owner, until, untilVersion, limit = ForgetBatchSize }, cancellationToken);
                forgotten += batch;
            }
            while (batch == ForgetBatchSize);
        }
        return forgotten;
    }

    private const int ForgetBatchSize = 1000;

    // By the index stopped_reaching_by_owner (migration 0029), the batch's rows then by the primary key.
    private const string ForgetBatch = """
        DELETE FROM stopped_reaching WHERE (module, owner, object_key, changed_at) IN (
            SELECT module, owner, object_key, changed_at FROM stopped_reaching WHERE owner = @owner AND changed_at < @until AND state_version < @untilVersion
            LIMIT @limit)
        """;

    public Task EndAsync(CatchUp catchUp, CancellationToken cancellationToken = default) =>
        // Only the catch-up read: one started again since (another correlation id) is left to run.
        database.ExecuteWriteAsync($"DELETE FROM agreement_catch_ups WHERE {Key} AND correlation_id = @CorrelationId", Row(catchUp), cancellationToken);

    private static object Row(CatchUp c) => new { c.AgreementId, Receiver = c.Receiver.ToString(), Module = c.Module.ToString(), c.CorrelationId };
}
