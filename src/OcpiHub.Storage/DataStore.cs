using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

public sealed class DataStore(HubDatabase database, TimeProvider clock, SharedStateVersion state) : IDataStore
{
    private const string ObjectColumns = "module, owner, object_key, object_id, last_updated, body, token_owner, created_at, row_version, last_updated_211";
    // In the order ReadStampsAsync reads them.
    private const string StampColumns = "created_at, owner, object_key, row_version";
    private const string DeliveryColumns = "seq, receiver_platform, receiver, sender, module, owner, object_key, method, path, payload, correlation_id, status, attempts, next_attempt_at, created_at, retry_window_from, last_error";

    private readonly PlannerStatistics objectStatistics = new(database, "objects");
    private readonly PlannerStatistics deliveryStatistics = new(database, "deliveries");

    public async Task<StoredObject?> FindAsync(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<ObjectRow>(
            $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND owner = @owner AND object_key = @id",
            new { module = module.ToString(), owner = owner.ToString(), id = StoredObject.KeyOf(id) }))?.ToObject();
    }

    public Task<IReadOnlyList<StoredObject>> FindByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default) =>
        ByIdAsync(ObjectColumns, module, owners, id, async (connection, sql, parameters) =>
            (IReadOnlyList<StoredObject>)[.. (await connection.QueryAsync<ObjectRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
                .Select(r => r.ToObject())], cancellationToken);

    public Task<IReadOnlyList<ObjectStamp>> StampsByIdAsync(DataModule module, IReadOnlyCollection<PartyKey> owners, string id, CancellationToken cancellationToken = default) =>
        ByIdAsync(StampColumns, module, owners, id, (connection, sql, parameters) => ReadStampsAsync(connection, sql, parameters, cancellationToken), cancellationToken);

    /// <summary>The rows of <paramref name="columns"/> of an object by its id among <paramref name="owners"/>, as <paramref name="read"/> reads them.</summary>
    private async Task<IReadOnlyList<T>> ByIdAsync<T>(string columns, DataModule module, IReadOnlyCollection<PartyKey> owners, string id,
        Func<DbConnection, string, object, Task<IReadOnlyList<T>>> read, CancellationToken cancellationToken)
    {
        if (owners.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        // One owner (a request naming it in OCPI-to, the usual case) is the primary key itself, without expanding a list.
        if (owners.Count == 1)
        {
            return await read(connection, $"SELECT {columns} FROM objects WHERE module = @module AND owner = @owner AND object_key = @id",
                new { module = module.ToString(), owner = owners.First().ToString(), id = StoredObject.KeyOf(id) });
        }
        return await read(connection, $"SELECT {columns} FROM objects WHERE module = @module AND object_key = @id AND {database.In("owner", "@owners")}",
            new { module = module.ToString(), id = StoredObject.KeyOf(id), owners = owners.Select(o => o.ToString()).ToArray() });
    }

    public async Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted,
        CancellationToken cancellationToken = default)
    {
        if (wanted.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindByFieldsAsync(connection, null, module, wanted, cancellationToken);
    }

    private async Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DbConnection connection, DbTransaction? transaction, DataModule module,
        IReadOnlyCollection<(string Field, string Value)> wanted, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
            return [];
        var (sql, parameters) = ByFields(database, module, wanted);
        return (await connection.QueryAsync<ObjectRow>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)))
            .Select(r => r.ToObject()).ToList();
    }

    /// <summary>
    /// The query of <see cref="FindByFieldsAsync(DataModule, IReadOnlyCollection{ValueTuple{string, string}}, CancellationToken)"/>.
    /// Module and fields are written into the SQL so that a partial index on each expression applies (migrations 0004,
    /// 0042); none comes from a partner. The values are one list parameter a field, upper-cased by the database as the
    /// index is, and drive the look-up: SQLite, without statistics, would rather read the module's rows by the key. An
    /// object found by two fields is answered twice (its callers match each object, whatever the count).
    /// </summary>
    public static (string Sql, DynamicParameters Parameters) ByFields(HubDatabase database, DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted)
    {
        var byField = wanted.GroupBy(w => w.Field).ToList();
        if (byField.Count == 0 || !byField.All(f => IsFieldName(f.Key)))
            throw new ArgumentException($"not JSON field names: {string.Join(", ", byField.Select(f => f.Key))}", nameof(wanted));
        var parameters = new DynamicParameters();
        var selects = byField.Select((field, i) =>
        {
            parameters.Add($"values{i}", database.Many(field.Select(w => w.Value).Distinct()));
            var asked = database.Kind == DatabaseKind.PostgreSql
                ? $"SELECT DISTINCT UPPER(v) AS wanted FROM unnest(@values{i}) AS v"
                : $"SELECT DISTINCT UPPER(value) AS wanted FROM json_each(@values{i})";
            return $"SELECT {ObjectColumns} FROM ({asked}) asked CROSS JOIN objects WHERE module = '{module}' AND UPPER({database.JsonText("body", field.Key)}) = wanted";
        });
        return (string.Join(" UNION ALL ", selects), parameters);
    }

    /// <summary>Whether <paramref name="field"/> may be written into SQL as a JSON field name: lower-case letters and underscores.</summary>
    private static bool IsFieldName(string field) => field.Length > 0 && field.All(c => c is (>= 'a' and <= 'z') or '_');

    public async Task<IReadOnlyList<StoredObject>> FindHavingAsync(DataModule module, IReadOnlyList<string> fields, CancellationToken cancellationToken = default)
    {
        // Fields are written into the SQL, as FindByFieldsAsync writes them; none comes from a partner.
        if (fields.Count == 0 || !fields.All(IsFieldName))
            throw new ArgumentException($"not JSON field names: {string.Join(", ", fields)}", nameof(fields));
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ObjectRow>(new CommandDefinition(
                $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND ({string.Join(" OR ", fields.Select(f => $"{database.JsonText("body", f)} IS NOT NULL"))})",
                new { module = module.ToString() }, cancellationToken: cancellationToken)))
            .Select(r => r.ToObject()).ToList();
    }

    public async Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames, CancellationToken cancellationToken = default)
    {
        if (tokenNames.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ObjectRow>(new CommandDefinition(
                $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND (owner, object_key) IN ({ObjectsNaming})",
                new { module = module.ToString(), tokenNames = tokenNames.ToArray() }, cancellationToken: cancellationToken)))
            .Select(r => r.ToObject()).ToList();
    }

    private bool OnPostgreSql => database.Kind == DatabaseKind.PostgreSql;

    /// <summary>The owners and keys of the objects of <c>@module</c> that name one of <c>@tokenNames</c> (migration 0027).</summary>
    private string ObjectsNaming => $"SELECT owner, object_key FROM objects_naming_tokens WHERE module = @module AND {database.In("token_name", "@tokenNames")}";

    /// <summary>Finds objects on a change's own connection, in its transaction.</summary>
    private sealed class FinderInTransaction(DataStore store, DbConnection connection, DbTransaction transaction) : IObjectFinder
    {
        public Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted,
            CancellationToken cancellationToken = default) =>
            store.FindByFieldsAsync(connection, transaction, module, wanted, cancellationToken);

        public async Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames,
            CancellationToken cancellationToken = default)
        {
            if (tokenNames.Count == 0)
                return [];
            var keys = await NamingAsync(module, tokenNames, cancellationToken);
            var objects = keys.Distinct().Select(k => new ObjectAddress(module, Party(k.Owner), k.Key)).ToList();
            // Held all at once, in the one order LockAndReadAsync takes, after the change's own objects: two batches that
            // reach the same objects (asked once a batch) never wait for each other in a circle.
            return objects.Count == 0 ? [] : [.. (await store.LockAndReadAsync(connection, transaction, objects)).Current.Values.OfType<StoredObject>()];
        }

        /// <summary>
        /// The owners and keys of the objects naming <paramref name="tokenNames"/>. PostgreSQL: the names held first
        /// (<see cref="NameLocks"/>), then the index read by a statement after, which sees what a writer that held one before committed.
        /// </summary>
        private async Task<IReadOnlyList<(string Owner, string Key)>> NamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames,
            CancellationToken cancellationToken)
        {
            var postgres = store.OnPostgreSql;
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition((postgres ? TakeLocks : "") + store.ObjectsNaming,
                new { locks = postgres ? NameLocks(tokenNames).ToArray() : null, module = module.ToString(), tokenNames = tokenNames.ToArray() }, transaction,
                cancellationToken: cancellationToken));
            if (postgres)
                await results.ReadSingleAsync<long>();
            return [.. await results.ReadAsync<(string Owner, string Key)>()];
        }
    }

    public async Task<ObjectPage> PageAsync(ObjectQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Owners.Count == 0)
            return new([], false, query.CountTotal ? 0 : null);
        var (where, parameters) = PageFilter(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        // One row more than the page tells whether a next page exists without counting the whole set.
        var rows = (await connection.QueryAsync<ObjectRow>($"SELECT {ObjectColumns} FROM objects WHERE {where} {PageOrder(query)}", parameters)).ToList();
        int? total = query.CountTotal ? await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM objects WHERE {where}", parameters) : null;
        return new(rows.Take(query.Limit).Select(r => r.ToObject()).ToList(), rows.Count > query.Limit, total);
    }

    public async Task<IReadOnlyList<ObjectStamp>> StampsAsync(ObjectQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Owners.Count == 0)
            return [];
        var (where, parameters) = PageFilter(query);
        var rows = query is { MayBeHiddenOnly: true, Module: DataModule.Locations } ? UnpublishedLocations.Where(where)
            // SQLite would rather filter dates on objects_by_last_updated and sort all they leave, on every page.
            : database.Kind == DatabaseKind.Sqlite ? $"objects INDEXED BY objects_in_page_order WHERE {where}" : $"objects WHERE {where}";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadStampsAsync(connection, $"SELECT {StampColumns} FROM {rows} {PageOrder(query)}", parameters, cancellationToken);
    }

    /// <summary>
    /// The rows of a query of <see cref="StampColumns"/>, read column by column: stamps are read for every page and
    /// single object served, and Dapper's mapping boxes each value and parses each row's owner anew.
    /// </summary>
    private static async Task<IReadOnlyList<ObjectStamp>> ReadStampsAsync(DbConnection connection, string sql, object parameters, CancellationToken cancellationToken,
        DbTransaction? transaction = null)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        var stamps = new List<ObjectStamp>();
        var owners = new Dictionary<string, PartyKey>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ownerKey = reader.GetString(1);
            if (!owners.TryGetValue(ownerKey, out var owner))
                owners.Add(ownerKey, owner = Party(ownerKey));
            stamps.Add(new(new(reader.GetInt64(0), owner, reader.GetString(2)), reader.GetInt64(3)));
        }
        return stamps;
    }

    public async Task<IReadOnlyList<ObjectStamp>> LocationsNamingTariffsAsync(PartyKey owner, IReadOnlyCollection<string> tariffIds,
        CancellationToken cancellationToken = default)
    {
        var keys = tariffIds.Select(StoredObject.KeyOf).Distinct().ToArray();
        if (keys.Length == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadStampsAsync(connection, TariffNamingIndex.Naming(database),
            new { owner = owner.ToString(), keys = database.Many(keys) }, cancellationToken);
    }

    public Task ChangedFor211Async(IReadOnlyList<ObjectAddress> objects, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var group in objects.Select(AddressOf).GroupBy(a => (a.Module, a.Owner)))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    UPDATE objects SET last_updated_211 = @at, row_version = row_version + 1
                    WHERE module = @module AND owner = @owner AND {database.In("object_key", "@keys")} AND COALESCE(last_updated_211, last_updated) < @at
                    """,
                    new { at = at.ToUnixTimeMilliseconds(), module = group.Key.Module, owner = group.Key.Owner, keys = group.Select(a => a.Key).ToArray() }, transaction,
                    cancellationToken: cancellationToken));
            }
            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<StoredObject>> FindManyAsync(DataModule module, IReadOnlyList<ObjectPosition> positions, CancellationToken cancellationToken = default)
    {
        if (positions.Count == 0)
            return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = new List<StoredObject>();
        foreach (var owner in positions.GroupBy(p => p.Owner))
        {
            found.AddRange((await connection.QueryAsync<ObjectRow>(
                    $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND owner = @owner AND {database.In("object_key", "@keys")}",
                    new { module = module.ToString(), owner = owner.Key.ToString(), keys = owner.Select(p => p.Key).ToArray() }))
                .Select(r => r.ToObject()));
        }
        return found;
    }

    /// <summary>
    /// The rows of a page query, in the order of the index <c>objects_in_page_order</c> (migration 0012), which also
    /// holds every filtered column: a page after a position seeks straight to it, so the last page of a store
    /// costs what the first does; an offset a client sends is skipped in the index, never in the bodies.
    /// </summary>
    private (string Where, object Parameters) PageFilter(ObjectQuery query)
    {
        var where = $"module = @module AND {database.In("owner", "@owners")}"
                    + (query.TokenOwner is null ? "" : " AND token_owner = @tokenOwner")
                    + (query.From is null ? "" : $" AND {LastUpdatedFor(query)} >= @from")
                    + (query.To is null ? "" : $" AND {LastUpdatedFor(query)} < @to")
                    // Within a module and its owners, on the keys the index holds; keys are upper-cased ids, so any case matches.
                    + (query.IdContains is null ? "" : @" AND object_key LIKE @idPattern ESCAPE '\'")
                    // Positions compared as rows: PostgreSQL, whose statistics lag a bulk load, took created_at >= @afterCreated
                    // on objects_by_owner_and_age and sorted all it left (20 to 45 ms a page where 0.1 ms), which a row cannot.
                    + (query.After is null ? "" : " AND (created_at, owner, object_key) > (@afterCreated, @afterOwner, @afterKey)")
                    + (query.Before is null ? "" : " AND (created_at, owner, object_key) < (@beforeCreated, @beforeOwner, @beforeKey)");
        return (where, new
        {
            module = query.Module.ToString(),
            owners = query.Owners.Select(o => o.ToString()).ToArray(),
            tokenOwner = query.TokenOwner?.ToString(),
            from = query.From?.ToUnixTimeMilliseconds(),
            to = query.To?.ToUnixTimeMilliseconds(),
            idPattern = query.IdContains is { } part ? "%" + LikeLiteral(StoredObject.KeyOf(part)) + "%" : null,
            afterCreated = query.After?.CreatedAt,
            afterOwner = query.After?.Owner.ToString(),
            afterKey = query.After?.Key,
            beforeCreated = query.Before?.CreatedAt,
            beforeOwner = query.Before?.Owner.ToString(),
            beforeKey = query.Before?.Key,
            offset = query.Offset,
            fetch = query.Limit + 1,
        });
    }

    /// <summary>The <c>last_updated</c> the query's dates filter on, from columns the index holds.</summary>
    private static string LastUpdatedFor(ObjectQuery query) => query.DatedFor211 ? "COALESCE(last_updated_211, last_updated)" : "last_updated";

    /// <summary><paramref name="text"/> matched as it is by LIKE … ESCAPE '\': its wildcards and escape character escaped.</summary>
    private static string LikeLiteral(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static string PageOrder(ObjectQuery query) =>
        "ORDER BY created_at, owner, object_key LIMIT @fetch" + (query.After is null ? " OFFSET @offset" : "");

    public async Task ChangeAsync(IReadOnlyList<ObjectAddress> objects, Func<int, StoredObject?, IObjectFinder, Task<ObjectWrite?>> change,
        Func<IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>>? bring = null, IReadOnlyCollection<string>? tokenNames = null,
        CancellationToken cancellationToken = default)
    {
        var (added, queued) = await database.InTransactionAsync(
            (connection, transaction) => WriteChangesAsync(connection, transaction, objects, tokenNames ?? [], change, bring), cancellationToken);
        objectStatistics.Added(added);
        deliveryStatistics.Added(queued);
    }

    public Task<bool> RemovalStoppedAsync(ObjectAddress removed, DateTimeOffset queuedAt, Func<Task<bool>> stopped, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var (current, _, stateVersion) = await LockAndReadAsync(connection, transaction, [removed]);
            if (!await stopped())
                return false;
            if (current.Values.All(o => o is null))
            {
                var (module, owner, key) = AddressOf(removed);
                // The removal's own record, as stored before it (who could see it then), written again as of now: the
                // last written with the DELETE, not one of a later removal of the object stored again since. One the
                // withdrawals' retention has forgotten (a receiver down for longer) cannot be withdrawn any more.
                await connection.ExecuteAsync($"""
                    INSERT INTO stopped_reaching ({RemovalColumns})
                    SELECT module, owner, object_key, object_id, body, created_at, @now, @stateVersion FROM stopped_reaching
                    WHERE module = @module AND owner = @owner AND object_key = @key AND changed_at <= @queuedAt ORDER BY changed_at DESC LIMIT 1
                    ON CONFLICT DO NOTHING
                    """, new { module, owner, key, queuedAt = queuedAt.ToUnixTimeMilliseconds(), now = Now(), stateVersion }, transaction);
            }
            return true;
        }, cancellationToken);

    /// <summary>
    /// The writes of <see cref="ChangeAsync"/> in its transaction; how many objects it added and deliveries it queued.
    /// On PostgreSQL a push takes three round trips: its reads, its writes, the commit.
    /// </summary>
    private async Task<(int Added, int Queued)> WriteChangesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ObjectAddress> objects,
        IReadOnlyCollection<string> tokenNames, Func<int, StoredObject?, IObjectFinder, Task<ObjectWrite?>> change,
        Func<IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>>? bring)
    {
        var (current, failing, stateVersion) = await LockAndReadAsync(connection, transaction, objects, tokenNames);
        var finder = new FinderInTransaction(this, connection, transaction);
        // One instant for the transaction's rows: a DELETE given up later finds the removal record written with it by
        // that instant (RemovalStoppedAsync), which a second reading of the clock could put a millisecond after it.
        var now = Now();
        var outbox = OutboxBatch.Collapsing(failing, now);
        // The last write of each object is its final state: written at the end, with one statement for all upserts and one for all removals.
        var last = new Dictionary<(string Module, string Owner, string Key), ObjectWrite>();
        var logEntries = new List<Core.Messages.MessageEntry>();
        // The tokens each object names, as its last write that changed them left them.
        var tokensNamed = new Dictionary<(string Module, string Owner, string Key), (ObjectWrite Write, IReadOnlyList<string> Names)>();
        // Each object as it stood before a write that stopped it reaching someone (a removal too), in order.
        var stoppedReaching = new List<StoredObject>();
        // The first change of each object whose namers are to be checked again, with the object as stored before it:
        // the check compares from there to what is stored when it runs.
        var rechecks = new Dictionary<(string Module, string Owner, string Key), (ObjectWrite Write, StoredObject? Before)>();
        // Each object written, as stored before the transaction: what its indexes held before (TariffNamingIndex, UnpublishedLocations).
        var storedBefore = new Dictionary<(string Module, string Owner, string Key), StoredObject?>();
        var added = 0;
        for (var i = 0; i < objects.Count; i++)
        {
            var address = AddressOf(objects[i]);
            var stored = current.GetValueOrDefault(address);
            if (await change(i, stored, finder) is not { } write)
                continue;
            storedBefore.TryAdd(address, stored);
            if (!write.Delete && !current.ContainsKey(address))
                added++;
            if (write.NamingRecheck is not null)
                rechecks.TryAdd(address, (write, stored));
            current[address] = write.Delete ? null : write.Object;
            last[address] = write;
            if ((write.Delete ? write.Object : write.StoppedReaching) is { } before)
                stoppedReaching.Add(before);
            foreach (var delivery in write.Deliveries)
                await outbox.AddAsync(connection, transaction, write.Object, delivery, write.CorrelationId, write.Collapse ? write.FullStatePath : null);
            if (write.TokensNamed is { } names)
                tokensNamed[address] = (write, names);
            if (write.LogEntry is not null)
                logEntries.Add(write.LogEntry);
        }
        // Other objects' full states, read and held in this transaction once for the batch: nothing of them to collapse.
        if (bring is not null && last.Count > 0)
        {
            var correlationId = last.Values.First().CorrelationId;
            foreach (var (about, _, delivery) in await bring(finder))
                await outbox.AddAsync(connection, transaction, about, delivery, correlationId, null);
        }
        var removed = last.Values.Where(w => w.Delete).Select(w => w.Object).ToList();
        // Each object's last write with its copy before the transaction, for the indexes kept from bodies.
        var written = last.Select(w => (w.Value, storedBefore[w.Key])).ToList();
        await ManyRows.ExecuteAsync(connection, transaction, [
            new(RemoveObjects, "(@module, @owner, @object_key)", removed.Select(ObjectRow.From).ToList()),
            new(RecordStoppedReaching, RemovalValues, stoppedReaching.Select(o => RemovalRow.From(o, now, stateVersion)).ToList()),
            new(UpsertObjects, ObjectValues, last.Values.Where(w => !w.Delete).Select(w => ObjectRow.From(w.Object)).ToList()),
            new(ForgetTokensNamed, "(@module, @owner, @object_key)", tokensNamed.Values.Select(n => NamingRow.Of(n.Write.Object, "")).ToList()),
            new(RememberTokensNamed, "(@module, @owner, @object_key, @token_name)",
                tokensNamed.Values.SelectMany(n => n.Names.Select(name => NamingRow.Of(n.Write.Object, name))).ToList()),
            .. TariffNamingIndex.Writes(written),
            .. UnpublishedLocations.Writes(written),
            outbox.Insert,
            NamingRecheckStore.Insert(rechecks.Values, now),
            MessageLogStore.Insert(logEntries)]);
        return (added, outbox.Count);
    }

    private const string RemoveObjects = "DELETE FROM objects WHERE (module, owner, object_key) IN (VALUES {rows})";

    private const string ForgetTokensNamed = "DELETE FROM objects_naming_tokens WHERE (module, owner, object_key) IN (VALUES {rows})";

    private const string RememberTokensNamed = "INSERT INTO objects_naming_tokens (module, owner, object_key, token_name) VALUES {rows}";

    private sealed record NamingRow(string module, string owner, string object_key, string token_name)
    {
        public static NamingRow Of(StoredObject o, string tokenName) => new(o.Module.ToString(), o.Owner.ToString(), StoredObject.KeyOf(o.Id), tokenName);
    }

    private const string RemovalColumns = "module, owner, object_key, object_id, body, created_at, changed_at, state_version";

    private const string RemovalValues = "(@module, @owner, @object_key, @object_id, @body, @created_at, @changed_at, @state_version)";

    // What a resumed or renewed agreement withdraws (EnqueueWithdrawnPageAsync). Of two changes of one object in one
    // moment, the first is kept: the object as it stood before both.
    private const string RecordStoppedReaching = $$"""
        INSERT INTO stopped_reaching ({{RemovalColumns}}) VALUES {rows}
        ON CONFLICT (module, owner, object_key, changed_at) DO NOTHING
        """;

    private const string ObjectValues = "(@module, @owner, @object_key, @object_id, @last_updated, @body, @token_owner, @created_at, @row_version, @last_updated_211)";

    // Each object once a statement (the caller's last write of it): PostgreSQL refuses to update a row twice in one.
    private const string UpsertObjects = $$"""
        INSERT INTO objects ({{ObjectColumns}}) VALUES {rows}
        ON CONFLICT (module, owner, object_key) DO UPDATE SET object_id = excluded.object_id, last_updated = excluded.last_updated,
            body = excluded.body, token_owner = excluded.token_owner, row_version = excluded.row_version, last_updated_211 = excluded.last_updated_211
        """;

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Holds the objects against every other writer until the transaction ends, reads their stored copies and which
    /// receivers are failing them (<see cref="OutboxBatch"/>): one command of several statements per owner, so one
    /// round trip to PostgreSQL for a push. SQLite: the transaction holds the database's write lock from its start.
    /// PostgreSQL: first a transaction lock on each object's key, which serialises two writers of an object that does
    /// not exist yet too, taken in one order so that two batches never wait for each other in a circle; then the rows
    /// themselves (<c>FOR UPDATE</c>); before those, the locks of <paramref name="tokenNames"/> (<see cref="NameLocks"/>),
    /// and before all, the writers' lock, shared (<see cref="SharedStateVersion.HoldForWriting"/>): the version read is
    /// raised by a withdraw's bound only once this transaction has committed.
    /// Once the objects are held it reads the shared state version as committed and
    /// raises this node's to it: a writer's receivers (agreements, platforms) are then read as they stood when it held its
    /// objects, never from a copy older than a change committed before (an agreement made on another node, whose catch-up
    /// may have read these objects already and will not read them again). PostgreSQL: in the command that takes the
    /// locks (no round trip more; such a transaction writes no shared state before). SQLite: on a connection of its
    /// own, as this one's transaction may hold other writers' changes of the state (committed with it), not yet committed;
    /// once per transaction, as the write lock it holds keeps other processes from changing it meanwhile. That version
    /// is returned: the receivers the writer decides by are at least that new.
    /// </summary>
    private async Task<(Dictionary<(string Module, string Owner, string Key), StoredObject?> Current, IReadOnlySet<OutboxBatch.FailingObject> Failing,
        long StateVersion)>
        LockAndReadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ObjectAddress> objects, IReadOnlyCollection<string>? tokenNames = null)
    {
        var postgres = OnPostgreSql;
        long[]? locks = postgres ? [.. NameLocks(tokenNames ?? []), .. objects.Select(AddressOf).Select(a => LockKey($"{a.Module}\n{a.Owner}\n{a.Key}")).Distinct().Order()] : null;
        var found = new Dictionary<(string Module, string Owner, string Key), StoredObject?>();
        var failing = new HashSet<OutboxBatch.FailingObject>();
        var locking = postgres;
        long stateVersion = 0;
        foreach (var group in objects.Select(AddressOf).Distinct().GroupBy(a => (a.Module, a.Owner)))
        {
            await using var results = await connection.QueryMultipleAsync(
                (locking ? SharedStateVersion.HoldForWriting + TakeLocks + "SELECT version FROM state_version WHERE id = 1;\n" : "")
                + $"SELECT {ObjectColumns} FROM objects WHERE module = @module AND owner = @owner AND {database.InMany("object_key", "@keys")}{(postgres ? " FOR UPDATE" : "")};\n"
                + OutboxBatch.FailingSql(database),
                new { writersLock = SharedStateVersion.WritersLock, locks, module = group.Key.Module, owner = group.Key.Owner,
                    keys = database.Many(group.Select(a => a.Key)) }, transaction);
            if (locking)
            {
                await results.ReadSingleAsync<int>();
                await results.ReadSingleAsync<long>();
                stateVersion = await results.ReadSingleAsync<long>();
                state.Seen(stateVersion);
            }
            foreach (var row in await results.ReadAsync<ObjectRow>())
                found[(row.module, row.owner, row.object_key)] = row.ToObject();
            failing.UnionWith(await results.ReadAsync<OutboxBatch.FailingObject>());
            locking = false;
        }
        // SQLite: once per transaction, which holds the write lock from its start, so no other process can raise the
        // version before it commits (a batch of the one writer runs many writes in one).
        if (!postgres)
        {
            if (!versionReadIn.TryGetValue(transaction, out var read))
                versionReadIn.AddOrUpdate(transaction, read = await state.ReadAsync(CancellationToken.None));
            stateVersion = (long)read;
        }
        return (found, failing, stateVersion);
    }

    // SQLite: the shared state version read in each transaction; held weakly, so a transaction ended leaves.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, object> versionReadIn = new();

    private static (string Module, string Owner, string Key) AddressOf(ObjectAddress o) => (o.Module.ToString(), o.Owner.ToString(), StoredObject.KeyOf(o.Id));

    /// <summary>
    /// The locks of token names (<see cref="IObjectFinder.FindNamingAsync"/>), in one order. A Location writer takes
    /// those its Locations may come to name before its objects; a token batch those of its tokens after its tokens,
    /// before the Locations it finds by them. So locks go tokens, names, Locations in every transaction, never in a
    /// circle (a batch is of one module), and of a Location and a token it names written at once, the later waits for
    /// the earlier's commit and reads what it wrote: the token batch the Location's naming, or the Location writer the token.
    /// Names share <see cref="NameLockCount"/> locks, so a pulled page of a thousand tokens (three names each) holds at
    /// most that many more in the server's shared lock table, besides one per token and per Location found: few, since
    /// that table is sized per connection (<c>max_locks_per_transaction</c>, 64 by default) and several nodes may sync at
    /// once. Writers of two names that share one lock only wait for each other, briefly.
    /// </summary>
    private static IEnumerable<long> NameLocks(IReadOnlyCollection<string> names) =>
        names.Select(n => LockKey($"token names\n{LockKey(n) & (NameLockCount - 1)}")).Distinct().Order();

    private const int NameLockCount = 128;

    /// <summary>A lock number that every hub node computes alike (a string's own hash differs between processes).</summary>
    private static long LockKey(string text) => BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private const string TakeLocks = "SELECT COUNT(pg_advisory_xact_lock(k)) FROM unnest(@locks) AS k;\n";

    public async Task EnqueueAsync(IReadOnlyList<ObjectDelivery> deliveries, string correlationId, bool collapse, CancellationToken cancellationToken = default)
    {
        if (deliveries.Count == 0)
            return;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await EnqueueAsync(connection, transaction, deliveries, correlationId, collapse);
            return 0;
        }, cancellationToken);
    }

    /// <summary><see cref="EnqueueAsync(IReadOnlyList{ObjectDelivery}, string, bool, CancellationToken)"/> in the caller's transaction.</summary>
    internal async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ObjectDelivery> deliveries, string correlationId,
        bool collapse)
    {
        var outbox = await OutboxBatch.StartAsync(database, connection, transaction,
            deliveries.Select(d => AddressOf(new(d.About.Module, d.About.Owner, d.About.Id))), collapse, Now());
        foreach (var (about, fullStatePath, delivery) in deliveries)
            await outbox.AddAsync(connection, transaction, about, delivery, correlationId, collapse ? fullStatePath : null);
        await ManyRows.ExecuteAsync(connection, transaction, outbox.Insert);
        deliveryStatistics.Added(outbox.Count);
    }

    /// <summary>
    /// In the caller's transaction: reads the page of <paramref name="query"/> (after its <c>After</c> position),
    /// holding each object against every other writer as <see cref="ChangeAsync"/> does, so what it reads is the
    /// latest state and a change of the object can only come after it; enqueues what <paramref name="deliveryOf"/>
    /// answers for each object still there (null: nothing), collapsing as <see cref="EnqueueAsync"/> does. A stored
    /// object sent this way (what an agreement brings) never overtakes, at the receiver, a change made while it was
    /// being read. The position of the page's last object (null when the page was empty), and whether objects follow.
    /// </summary>
    internal async Task<(ObjectPosition? Last, bool HasMore)> EnqueuePageAsync(DbConnection connection, DbTransaction transaction, ObjectQuery query,
        Func<StoredObject, IObjectFinder, Task<ObjectDelivery?>> deliveryOf, string correlationId, bool collapse)
    {
        if (query.Owners.Count == 0)
            return (null, false);
        // Which objects the page holds, then those objects held and read again: on PostgreSQL a push that changed one
        // meanwhile has committed before the hold is had, so its change is read here, and its delivery queued first.
        var (where, parameters) = PageFilter(query);
        var stamps = await ReadStampsAsync(connection, $"SELECT {StampColumns} FROM objects WHERE {where} {PageOrder(query)}", parameters, CancellationToken.None, transaction);
        var page = stamps.Take(query.Limit).Select(s => new ObjectAddress(query.Module, s.Position.Owner, s.Position.Key)).ToList();
        if (page.Count == 0)
            return (null, false);
        // Gone (removed meanwhile): nothing to send; its DELETE, if the receiver should hear of it, is queued by its removal.
        await EnqueueHeldAsync(connection, transaction, page, (_, stored, finder) => stored is null ? NoDeliveries : AsList(deliveryOf(stored, finder)),
            correlationId, collapse);
        return (stamps[Math.Min(stamps.Count, query.Limit) - 1].Position, stamps.Count > query.Limit);
    }

    /// <summary>
    /// In the caller's transaction: as <see cref="EnqueuePageAsync"/> does with stored objects, with the objects of
    /// <paramref name="module"/> of <paramref name="owner"/> that stopped reaching someone (removed, or changed so) within
    /// <paramref name="window"/> and were stored before it began (a receiver that stopped getting data then could have
    /// had them), in key order after <paramref name="afterKey"/>: <paramref name="withdrawalOf"/> is given each as stored
    /// at its first such change in the window (as the receiver could have had it), as stored now, held as a push
    /// would hold it (null: removed), and the window's start. With <paramref name="timeBound"/> (who may see the objects
    /// changes with time: a Tariff's validity period ends), every object stored before the window and not changed so
    /// in it is given too, as stored now both times. The window runs between shared state versions (the change that
    /// stopped data, the one that made it flow again; from a time where the first is not known): a change written by a
    /// writer that read an older version was sent by agreements and platforms as they stood before
    /// (<see cref="LockAndReadAsync"/>), whatever that writer's clock says. The key of the page's last (null when
    /// empty), and whether more follow.
    /// </summary>
    internal async Task<(string? LastKey, bool HasMore)> EnqueueWithdrawnPageAsync(DbConnection connection, DbTransaction transaction, DataModule module,
        PartyKey owner, WithdrawWindow window, string? afterKey, int limit,
        Func<StoredObject, StoredObject?, DateTimeOffset, IObjectFinder, Task<ObjectDelivery?>> withdrawalOf, bool timeBound, string correlationId, bool collapse)
    {
        var started = window.FromVersion is null ? "changed_at >= @since" : "state_version >= @fromVersion";
        var inWindow = $"e.module = @module AND e.owner = @owner AND e.{started} AND e.state_version < @beforeVersion";
        var stored = timeBound ? $"""
            UNION ALL
            SELECT module, owner, object_key, object_id, body, created_at, @since, 0 FROM objects o
            WHERE module = @module AND owner = @owner AND object_key > @afterKey AND created_at < @since
                AND NOT EXISTS (SELECT 1 FROM stopped_reaching e WHERE {inWindow} AND e.object_key = o.object_key)
            """ : "";
        var rows = (await connection.QueryAsync<RemovalRow>($"""
            SELECT {RemovalColumns} FROM stopped_reaching r
            WHERE module = @module AND owner = @owner AND {started} AND state_version < @beforeVersion AND object_key > @afterKey
                AND NOT EXISTS (SELECT 1 FROM stopped_reaching e WHERE {inWindow} AND e.object_key = r.object_key AND e.changed_at < r.changed_at)
                AND created_at < @since
            {stored}
            ORDER BY object_key LIMIT @fetch
            """, new { module = module.ToString(), owner = owner.ToString(), since = window.Since, fromVersion = window.FromVersion, beforeVersion = window.BeforeVersion, afterKey = afterKey ?? "", fetch = limit + 1 },
            transaction)).ToList();
        var had = rows.Take(limit).Select(r => r.ToObject()).ToList();
        if (had.Count == 0)
            return (null, false);
        await EnqueueHeldAsync(connection, transaction, [.. had.Select(o => new ObjectAddress(module, owner, o.Id))],
            (i, now, finder) => AsList(withdrawalOf(had[i], now, DateTimeOffset.FromUnixTimeMilliseconds(window.Since), finder)), correlationId, collapse);
        return (StoredObject.KeyOf(had[^1].Id), rows.Count > limit);
    }

    /// <summary>
    /// A withdraw's window: from the shared state version data stopped at (<paramref name="FromVersion"/>; where not known,
    /// from <paramref name="Since"/> on the writers' clocks) to <paramref name="BeforeVersion"/>, that of the change that
    /// made it flow again. <paramref name="Since"/> is also when a receiver could last have had what was stored.
    /// </summary>
    internal readonly record struct WithdrawWindow(long Since, long? FromVersion, long BeforeVersion);

    public async Task EnqueueHeldAsync(IReadOnlyList<ObjectAddress> objects, Func<StoredObject, IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>> deliveriesOf,
        string correlationId, bool collapse, CancellationToken cancellationToken = default)
    {
        if (objects.Count == 0)
            return;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await EnqueueHeldAsync(connection, transaction, objects, (_, stored, finder) => stored is null ? NoDeliveries : deliveriesOf(stored, finder),
                correlationId, collapse);
            return 0;
        }, cancellationToken);
    }

    public Task EnqueueForRemovedAsync(DataModule module, DateTimeOffset since, Func<StoredObject, IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>> deliveriesOf,
        string correlationId, bool collapse, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            // Every removal is recorded (with the changes that narrowed who an object reaches, which are still stored).
            var removed = (await connection.QueryAsync<RemovalRow>($"SELECT {RemovalColumns} FROM stopped_reaching WHERE module = @module AND changed_at > @since",
                new { module = module.ToString(), since = since.ToUnixTimeMilliseconds() }, transaction)).Select(r => r.ToObject())
                .DistinctBy(o => (o.Owner, o.Id)).ToList();
            if (removed.Count > 0)
            {
                await EnqueueHeldAsync(connection, transaction, [.. removed.Select(o => new ObjectAddress(module, o.Owner, o.Id))],
                    (i, stored, finder) => stored is null ? deliveriesOf(removed[i], finder) : NoDeliveries, correlationId, collapse);
            }
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Holds <paramref name="objects"/> against every other writer as <see cref="ChangeAsync"/> does, reads them, and
    /// queues what <paramref name="deliveriesOf"/> makes of each one's index and stored copy (none: nothing), collapsing
    /// as <see cref="EnqueueAsync"/> does.
    /// </summary>
    private async Task EnqueueHeldAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ObjectAddress> objects,
        Func<int, StoredObject?, IObjectFinder, Task<IReadOnlyList<ObjectDelivery>>> deliveriesOf, string correlationId, bool collapse)
    {
        var (current, failing, _) = await LockAndReadAsync(connection, transaction, objects);
        var finder = new FinderInTransaction(this, connection, transaction);
        var outbox = OutboxBatch.Collapsing(failing, Now());
        for (var i = 0; i < objects.Count; i++)
        {
            foreach (var delivery in await deliveriesOf(i, current.GetValueOrDefault(AddressOf(objects[i])), finder))
                await outbox.AddAsync(connection, transaction, delivery.About, delivery.Delivery, correlationId, collapse ? delivery.FullStatePath : null);
        }
        await ManyRows.ExecuteAsync(connection, transaction, outbox.Insert);
        deliveryStatistics.Added(outbox.Count);
    }

    private static readonly Task<IReadOnlyList<ObjectDelivery>> NoDeliveries = Task.FromResult<IReadOnlyList<ObjectDelivery>>([]);

    /// <summary>The one delivery (or none) <paramref name="delivery"/> answers, as a list.</summary>
    private static async Task<IReadOnlyList<ObjectDelivery>> AsList(Task<ObjectDelivery?> delivery) => await delivery is { } one ? [one] : [];

    public async Task<IReadOnlyList<Delivery>> ClaimDueAsync(DateTimeOffset now, NodeLease lease, int max, IReadOnlyCollection<DeliveryLaneKey> busyLanes,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Read first, outside any transaction: a claim that finds nothing (the usual case while only busy lanes have a
        // backlog) then takes no lock, and on SQLite never holds the write lock that every stored change waits for.
        // Only idle lanes' deliveries are read, so a busy lane's backlog, however long, is never scanned.
        var idle = (await connection.ReadKeptAsync(LanesWithPendingDeliveries))
            .Select(l => new DeliveryLaneKey((string)l[0]!, (string)l[1]! == ResultsLane)).Except(busyLanes).ToList();
        if (idle.Count == 0)
            return [];
        var (idleData, idleResults) = (idle.Where(l => !l.Results).Select(l => l.ReceiverPlatformId).ToArray(),
            idle.Where(l => l.Results).Select(l => l.ReceiverPlatformId).ToArray());
        var claim = new
        {
            at = now.ToUnixTimeMilliseconds(), max, until = lease.Until.ToUnixTimeMilliseconds(), node = lease.Node,
            idle = database.Many(idleData), idleResults = database.Many(idleResults),
            share = ShareOf(max, idleData.Length), shareResults = ShareOf(max, idleResults.Length),
        };
        var leased = database.Kind == DatabaseKind.PostgreSql
            ? await QueryClaimedAsync(connection, ClaimSkippingLocked, claim)
            : await ReadThenLeaseAsync(connection, claim, max, cancellationToken);
        var (kept, handedBack) = InRuns(leased);
        if (handedBack.Count > 0)
            await ReleaseLeasesAsync(lease.Node, handedBack, cancellationToken);
        return kept.Select(d => d.ToDelivery()).ToList();
    }

    /// <summary>A claimed delivery and the seq of the change pending before it for its receiver and object (none: it is the oldest).</summary>
    private sealed record Claimed(DeliveryRow Row, long? PendingBefore);

    // Properties, not a constructor's parameters: SQLite gives a computed column no type, and a null one is read as bytes.
    private sealed class PendingBeforeColumn
    {
        public long? pending_before { get; set; }
    }

    /// <summary>Runs a claim query that returns <see cref="DeliveryColumns"/> and then <c>pending_before</c>.</summary>
    private static Task<IEnumerable<Claimed>> QueryClaimedAsync(DbConnection connection, string sql, object parameters) =>
        connection.QueryAsync<DeliveryRow, PendingBeforeColumn, Claimed>(sql, (row, before) => new(row, before?.pending_before), parameters,
            splitOn: "pending_before");

    /// <summary>
    /// What a claim keeps of what it leased: for each receiver and object, a run of its pending changes from the oldest
    /// on, which its lane sends one after another. A row is kept when the change pending before it (read with it) is the
    /// last kept of its object, or none for the object's first; otherwise (a change before it not due, or taken by
    /// another node in between) it and its object's later rows are handed back, to be claimed in their turn.
    /// </summary>
    private static (List<DeliveryRow> Kept, List<long> HandedBack) InRuns(IEnumerable<Claimed> leased)
    {
        var lastKept = new Dictionary<DeliveryObject, long?>();
        var (kept, handedBack) = (new List<DeliveryRow>(), new List<long>());
        foreach (var (row, pendingBefore) in leased.OrderBy(c => c.Row.seq))
        {
            var of = new DeliveryObject(row.receiver_platform, row.receiver, row.module, row.owner, row.object_key);
            var follows = lastKept.TryGetValue(of, out var last) ? last is not null && pendingBefore == last : pendingBefore is null;
            if (follows)
                kept.Add(row);
            else
                handedBack.Add(row.seq);
            // A run once broken stays broken: null marks it.
            lastKept[of] = follows ? row.seq : null;
        }
        return (kept, handedBack);
    }

    /// <summary>
    /// Each of <paramref name="lanes"/> lanes' share of a claim of <paramref name="max"/>, rounded up, and never under
    /// <see cref="MinShare"/>: lanes whose deliveries all wait (for a retry, or on another node) count among them.
    /// </summary>
    private static int ShareOf(int max, int lanes) => lanes == 0 ? 0 : Math.Min(max, Math.Max(MinShare, (max + lanes - 1) / lanes));

    private const int MinShare = 50;

    private const string ResultsLane = "results";
    private static readonly string IsResult = $"module = '{DataModule.Commands}'";

    /// <summary>The condition on a delivery (<paramref name="d"/>) of the lane kind that <paramref name="results"/> names.</summary>
    private static string OfLane(string d, bool results) => results ? $"{d}.{IsResult}" : $"NOT {d}.{IsResult}";

    /// <summary>
    /// PostgreSQL, several nodes claiming at once: the due rows are locked as they are found, and a row another
    /// node's claim holds is skipped rather than waited for, so nodes never queue behind each other, and a row one
    /// claim leases is no longer claimable when the other sees it (its conditions are checked again on the locked row).
    /// Each idle lane's pending deliveries are read alone, in order (<c>deliveries_pending</c>, and
    /// <c>deliveries_pending_results</c> for results), so a claim costs what it finds: one scan of the whole outbox in
    /// the order of its numbers (the plan PostgreSQL chose for an <c>ANY</c> of receivers) walked every delivery
    /// already done, 41,000 rows to claim 17 under S5. Each lane reads at most its share of the claim: reading the
    /// whole claim's size in each, PostgreSQL locked and judged rows it then dropped, two in three under S5 (three idle
    /// lanes of 500 rows and more, 35 of a claim's 50 ms). A row locked by another claim is still pending, so the
    /// change after it finds it before itself, and <see cref="InRuns"/> hands that one back.
    /// </summary>
    private static readonly string ClaimSkippingLocked = $"""
        WITH due AS MATERIALIZED (
            ({DueInLanes("@idle", results: false)})
            UNION ALL
            ({DueInLanes("@idleResults", results: true)})
        )
        UPDATE deliveries SET lease_until = @until, lease_owner = @node
        FROM due WHERE deliveries.seq = due.due_seq
        RETURNING {DeliveryColumns}, due.pending_before
        """;

    private static string DueInLanes(string platforms, bool results) => $"""
        SELECT found.seq AS due_seq, found.pending_before FROM unnest({platforms}) AS idle (platform)
            CROSS JOIN LATERAL (
                SELECT d.seq, {PendingBefore("d")} AS pending_before FROM deliveries d
                WHERE d.receiver_platform = idle.platform AND {OfLane("d", results)} AND {Claimable("d")}
                ORDER BY d.seq LIMIT {(results ? "@shareResults" : "@share")}
                FOR UPDATE OF d SKIP LOCKED
            ) found
            ORDER BY found.seq LIMIT @max
        """;

    /// <summary>
    /// SQLite, one writer at a time: the due deliveries are read without a lock, then one short write leases those
    /// still pending, due and free (another node may have leased one in between, which breaks its object's run:
    /// <see cref="InRuns"/>). The rows are sent as the lease returns them, not as they were read: a change rewritten
    /// in between (an operator's re-drive as the object's full state, say, which drops the changes it contains) goes
    /// out as rewritten. An operator's re-drive of an older change between the two goes beside the run: the re-drive
    /// refuses only while a node holds a later change.
    /// </summary>
    private async Task<IEnumerable<Claimed>> ReadThenLeaseAsync(DbConnection connection, object claim, int max, CancellationToken cancellationToken)
    {
        var due = (await connection.ReadKeptAsync(DueInIdleLanes, claim)).Select(d => (Seq: (long)d[0]!, PendingBefore: (long?)d[1]))
            .OrderBy(d => d.Seq).Take(max).ToDictionary(d => d.Seq, d => d.PendingBefore);
        if (due.Count == 0)
            return [];
        var leased = await database.WriteAsync((writer, transaction) => writer.QueryAsync<DeliveryRow>($"""
            UPDATE deliveries SET lease_until = @until, lease_owner = @node
            WHERE {database.InMany("seq", "@seqs")} AND status = 'Pending' AND {DueAndUnleased("deliveries")}
            RETURNING {DeliveryColumns}
            """, WithSeqs(claim, due.Keys), transaction), cancellationToken);
        return leased.Select(row => new Claimed(row, due[row.seq]));
    }

    /// <summary>
    /// SQLite's read of a claim (<c>@idle</c> and <c>@idleResults</c> the idle lanes' receivers as JSON lists): each
    /// lane's due deliveries read alone, in order along its index, at most its share, each with the change pending
    /// before it; the claim keeps the oldest of all, as PostgreSQL's claim does. Read as one over all the lanes, in
    /// order, SQLite judged every pending delivery of those lanes (each with its look-ups) and sorted them all in memory
    /// before it could stop: a claim cost the idle lanes' whole backlog. The lanes are a parameter, not a part of the
    /// text each: a statement joining one read per lane grew in compile time faster than in lanes (5 ms for 20), and a
    /// command run once per lane cost 100 µs a lane, 20 ms a claim of S4's 200 lanes, against 1.5 ms for this one
    /// (docs/benchmarks.md).
    /// </summary>
    private static readonly string DueInIdleLanes = $"""
        SELECT * FROM ({DueInLanesRead("@idle", results: false)})
        UNION ALL
        SELECT * FROM ({DueInLanesRead("@idleResults", results: true)})
        """;

    private static string DueInLanesRead(string platforms, bool results) => $"""
        SELECT d.seq, {PendingBefore("d")} AS pending_before FROM json_each({platforms}) AS idle CROSS JOIN deliveries d
        WHERE d.seq IN (
            SELECT c.seq FROM deliveries c
            WHERE c.receiver_platform = idle.value AND {OfLane("c", results)} AND {Claimable("c")}
            ORDER BY c.seq LIMIT {(results ? "@shareResults" : "@share")})
        ORDER BY d.seq LIMIT @max
        """;

    /// <summary>
    /// The lanes with a pending delivery: the receivers, one index seek each (<c>deliveries_pending</c>) rather than a
    /// scan of every pending delivery (a loose index scan, written so that both databases run it), and the receivers of
    /// pending results (<c>deliveries_pending_results</c>, holding those alone: a few at any time).
    /// </summary>
    private static readonly string LanesWithPendingDeliveries = $"""
        WITH RECURSIVE receivers (platform) AS (
            SELECT MIN(receiver_platform) FROM deliveries WHERE status = 'Pending'
            UNION ALL
            SELECT (SELECT MIN(receiver_platform) FROM deliveries WHERE status = 'Pending' AND receiver_platform > receivers.platform)
            FROM receivers WHERE receivers.platform IS NOT NULL
        )
        SELECT platform, 'data' AS lane FROM receivers WHERE platform IS NOT NULL
        UNION ALL
        SELECT DISTINCT receiver_platform, '{ResultsLane}' FROM deliveries WHERE status = 'Pending' AND {IsResult}
        """;

    /// <summary>
    /// A delivery that may be claimed now: pending, due, not leased, and the oldest pending change of its receiver and
    /// object due and not leased too. A run of an object's changes whose first waits for a retry is passed over without
    /// filling the claim; whether a row follows its object's run unbroken is for <see cref="InRuns"/> to tell.
    /// Both look-ups seek <c>deliveries_pending_by_object</c>, which ends in the seq (migration 0043).
    /// </summary>
    private static string Claimable(string d) => $"""
        {d}.status = 'Pending' AND {DueAndUnleased(d)}
          AND NOT EXISTS (SELECT 1 FROM deliveries h WHERE NOT ({DueAndUnleased("h")})
              AND h.seq = (SELECT MIN(o.seq) FROM deliveries o WHERE o.status = 'Pending' AND {SameObject("o", d)}))
        """;

    /// <summary>Due, and not leased (or its lease ran out).</summary>
    private static string DueAndUnleased(string d) => $"{d}.next_attempt_at <= @at AND ({d}.lease_until IS NULL OR {d}.lease_until < @at)";

    /// <summary>The seq of the change of <paramref name="d"/>'s receiver and object pending just before it; null when none is.</summary>
    private static string PendingBefore(string d) =>
        $"(SELECT MAX(b.seq) FROM deliveries b WHERE b.status = 'Pending' AND {SameObject("b", d)} AND b.seq < {d}.seq)";

    private static string SameObject(string e, string d) =>
        $"{e}.receiver_platform = {d}.receiver_platform AND {e}.receiver = {d}.receiver AND {e}.module = {d}.module AND {e}.owner = {d}.owner AND {e}.object_key = {d}.object_key";

    public Task RenewLeasesAsync(NodeLease lease, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken = default) =>
        UpdateHeldAsync("lease_until = @until", seqs, new { node = lease.Node, until = lease.Until.ToUnixTimeMilliseconds() }, cancellationToken);

    public Task ReleaseLeasesAsync(string node, IReadOnlyCollection<long>? seqs = null, CancellationToken cancellationToken = default) =>
        UpdateHeldAsync("lease_until = NULL, lease_owner = NULL", seqs, new { node }, cancellationToken);

    public Task<IReadOnlyCollection<long>> CompleteAsync(IReadOnlyCollection<long> seqs, string node, CancellationToken cancellationToken = default) =>
        UpdateHeldAsync("status = 'Done', ended_at = @now, lease_until = NULL, lease_owner = NULL, attempts = attempts + 1", seqs,
            new { node, now = Now() }, cancellationToken);

    public Task RescheduleAsync(long seq, string node, DateTimeOffset nextAttempt, string error, CancellationToken cancellationToken = default) =>
        UpdateHeldAsync("lease_until = NULL, lease_owner = NULL, attempts = attempts + 1, next_attempt_at = @next, last_error = @error", [seq],
            new { node, next = nextAttempt.ToUnixTimeMilliseconds(), error }, cancellationToken);

    public Task GiveUpAsync(long seq, string node, string error, CancellationToken cancellationToken = default) =>
        UpdateHeldAsync("status = 'Dead', ended_at = @now, lease_until = NULL, lease_owner = NULL, attempts = attempts + 1, last_error = @error", [seq],
            new { node, error, now = Now() }, cancellationToken);

    public Task<bool> RewriteAsFullStateAsync(long seq, string node, Func<string, string> pathOf, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await LockedStateAsync(connection, transaction, seq) is not var (of, id, body))
                return false;
            var at = now.ToUnixTimeMilliseconds();
            if (await connection.ExecuteAsync("""
                    UPDATE deliveries SET method = 'PUT', path = @path, payload = @body, lease_until = NULL, lease_owner = NULL, attempts = attempts + 1,
                        next_attempt_at = @at
                    WHERE seq = @seq AND status = 'Pending' AND lease_owner = @node
                    """, new { seq, node, path = pathOf(id), body, at }, transaction) == 0)
                return false;
            await DropContainedChangesAsync(connection, transaction, seq, of, at);
            return true;
        }, cancellationToken);

    public async Task<(string Path, string Body, int Dropped)?> CollapseRunAsync(IReadOnlyList<Delivery> run, string node, Func<string, string> pathOf,
        Func<string, IObjectFinder, Task<bool>> receiverMaySee, CancellationToken cancellationToken = default)
    {
        if (collapseTurns is not null)
            await collapseTurns.WaitAsync(cancellationToken);
        try
        {
            return await CollapseAsync(run, node, pathOf, receiverMaySee, cancellationToken);
        }
        finally
        {
            collapseTurns?.Release();
        }
    }

    /// <summary>
    /// PostgreSQL's turns to collapse, a few at a time. Each collapse holds a connection of the pool over its round trips,
    /// and behind a backlog every lane's every run collapses: unbounded, they held most of the pool, and pushes and
    /// authorizations queued for a connection (S5 in docs/benchmarks.md). A run waiting its turn delays that receiver's
    /// delivery, not a partner's request. SQLite's collapses are queued for its one writer already.
    /// </summary>
    private readonly SemaphoreSlim? collapseTurns = database.Kind == DatabaseKind.PostgreSql ? new(CollapsesAtOnce) : null;

    private const int CollapsesAtOnce = 4;

    private async Task<(string Path, string Body, int Dropped)?> CollapseAsync(IReadOnlyList<Delivery> run, string node, Func<string, string> pathOf,
        Func<string, IObjectFinder, Task<bool>> receiverMaySee, CancellationToken cancellationToken)
    {
        var of = DeliveryObject.Of(run[0]);
        var parameters = new DynamicParameters(of);
        parameters.AddDynamicParams(new { seq = run[0].Seq, last = run[^1].Seq, node, at = Now() });
        parameters.Add("run", database.Many(run.Select(d => d.Seq)));
        // A run of one change with none queued after it has nothing to collapse: known by a read, without the writer or a lock.
        if (run.Count == 1)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"SELECT 1 FROM deliveries WHERE {ChangesOfObject} AND seq > @seq LIMIT 1",
                    parameters, cancellationToken: cancellationToken)) is null)
                return null;
        }
        return await database.InTransactionAsync<(string, string, int)?>(async (connection, transaction) =>
        {
            if (await ReadRunAsync(connection, transaction, of, parameters, run.Count) is not { } state
                || !await receiverMaySee(state.body, new FinderInTransaction(this, connection, transaction)))
                return null;
            var path = pathOf(state.object_id);
            parameters.AddDynamicParams(new { path, state.body });
            // The run's first rewritten; its rest, and what was queued after it, dropped: all in the state sent. One round trip,
            // which counts the rows it changed: the first's and those dropped.
            var changed = await connection.ExecuteAsync($"""
                UPDATE deliveries SET method = 'PUT', path = @path, payload = @body WHERE seq = @seq;
                DELETE FROM deliveries WHERE {database.InMany("seq", "@run")} AND seq <> @seq;
                {DropContained};
                """, parameters, transaction);
            return (path, state.body, changed - 1);
        }, cancellationToken);
    }

    /// <summary>
    /// In one round trip: the object held against its writers (as <see cref="LockedStateAsync"/> holds it) and read,
    /// the run's rows held by the node under a live lease (locked on PostgreSQL, in the order of their numbers, as
    /// completions lock them), and the receiver's changes of the object after the run. The stored object when the run
    /// can go as it: the node holds all of the run, and changes follow its first, none a DELETE or held by a node.
    /// </summary>
    private async Task<StoredState?> ReadRunAsync(DbConnection connection, DbTransaction transaction, DeliveryObject of, DynamicParameters parameters, int count)
    {
        var postgres = database.Kind == DatabaseKind.PostgreSql;
        await using var results = await connection.QueryMultipleAsync($"""
            {HeldObject(of, parameters)};
            SELECT seq FROM deliveries WHERE {database.InMany("seq", "@run")} AND status = 'Pending' AND lease_owner = @node AND lease_until >= @at
                ORDER BY seq{(postgres ? " FOR UPDATE" : "")};
            SELECT COUNT(*) AS Count, COALESCE(SUM(CASE WHEN method = 'DELETE' THEN 1 ELSE 0 END), 0) AS Removals,
                COALESCE(SUM(CASE WHEN lease_until >= @at THEN 1 ELSE 0 END), 0) AS Held
                FROM deliveries WHERE {ChangesOfObject} AND seq > @last;
            """, parameters, transaction);
        var state = await ReadHeldObjectAsync(results);
        var held = (await results.ReadAsync<long>()).Count();
        var after = await results.ReadSingleAsync<ChangesAfter>();
        return state is not null && held == count && after is { Removals: 0, Held: 0 } && (count > 1 || after.Count > 0) ? state : null;
    }

    /// <summary>The receiver's pending changes of the object (a <see cref="DeliveryObject"/>'s parameters).</summary>
    private const string ChangesOfObject = """
        receiver_platform = @receiver_platform AND receiver = @receiver AND module = @module AND owner = @owner AND object_key = @object_key
          AND status = 'Pending'
        """;

    private const string ReadObject = "SELECT object_id, body FROM objects WHERE module = @module AND owner = @owner AND object_key = @object_key";

    /// <summary>The lock of the object a <see cref="DeliveryObject"/> names, as its writers take it (<see cref="LockAndReadAsync"/>).</summary>
    private static long ObjectLock(DeliveryObject of) => LockKey($"{of.module}\n{of.owner}\n{of.object_key}");

    private sealed class ChangesAfter
    {
        public long Count { get; set; }
        public long Removals { get; set; }
        public long Held { get; set; }
    }

    /// <summary>What a delivery is about, to whom (its columns' names).</summary>
    private sealed record DeliveryObject(string receiver_platform, string receiver, string module, string owner, string object_key)
    {
        public static DeliveryObject Of(Delivery d) => new(d.ReceiverPlatformId, d.Receiver.ToString(), d.Module.ToString(), d.Owner.ToString(), d.ObjectKey);
    }

    /// <summary>
    /// In the caller's transaction: the object delivery <paramref name="seq"/> is about, and its stored id and body,
    /// held against the object's writers until the transaction ends; null when either is gone. SQLite: the one writer
    /// holds it. PostgreSQL: the object's lock that its writers take (<see cref="LockAndReadAsync"/>), shared, taken
    /// before the body is read (a statement of its own, so the read sees the last writer's commit): the receivers'
    /// reads of one object do not wait for each other, and the object's row is not written (a row lock shared by
    /// several transactions is a multixact, costly to PostgreSQL).
    /// </summary>
    private async Task<(DeliveryObject Of, string Id, string Body)?> LockedStateAsync(DbConnection connection, DbTransaction transaction, long seq)
    {
        if (await connection.QuerySingleOrDefaultAsync<DeliveryObject>(
                "SELECT receiver_platform, receiver, module, owner, object_key FROM deliveries WHERE seq = @seq", new { seq }, transaction) is not { } of)
            return null;
        var parameters = new DynamicParameters(of);
        await using var results = await connection.QueryMultipleAsync(HeldObject(of, parameters), parameters, transaction);
        return await ReadHeldObjectAsync(results) is { } state ? (of, state.object_id, state.body) : null;
    }

    /// <summary>
    /// The statements that hold the object <paramref name="of"/> names against its writers and read it
    /// (<see cref="LockedStateAsync"/>), given <paramref name="parameters"/> made from <paramref name="of"/>, to which
    /// the lock's key is added; the start of a batch that <see cref="ReadHeldObjectAsync"/> reads.
    /// </summary>
    private string HeldObject(DeliveryObject of, DynamicParameters parameters)
    {
        if (database.Kind != DatabaseKind.PostgreSql)
            return ReadObject;
        parameters.Add("lock", ObjectLock(of));
        return $"SELECT pg_advisory_xact_lock_shared(@lock);\n{ReadObject}";
    }

    /// <summary>The stored object read by <see cref="HeldObject"/>'s statements, past the lock's result on PostgreSQL.</summary>
    private async Task<StoredState?> ReadHeldObjectAsync(SqlMapper.GridReader results)
    {
        if (database.Kind == DatabaseKind.PostgreSql)
            await results.ReadAsync();
        return await results.ReadSingleOrDefaultAsync<StoredState>();
    }

    private sealed record StoredState(string object_id, string body);

    /// <summary>
    /// Drops the receiver's pending changes of the object queued after <paramref name="seq"/> (now its full state), up to
    /// the first DELETE; none leased (being sent, or waiting in a run a node holds).
    /// </summary>
    private static Task DropContainedChangesAsync(DbConnection connection, DbTransaction transaction, long seq, DeliveryObject of, long at)
    {
        var parameters = new DynamicParameters(of);
        parameters.AddDynamicParams(new { seq, at });
        return connection.ExecuteAsync(DropContained, parameters, transaction);
    }

    private const string DropContained = $"""
        DELETE FROM deliveries
        WHERE {ChangesOfObject} AND seq > @seq AND method <> 'DELETE' AND (lease_until IS NULL OR lease_until < @at)
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.receiver_platform = @receiver_platform AND d.receiver = @receiver AND d.module = @module
              AND d.owner = @owner AND d.object_key = @object_key AND d.status = 'Pending' AND d.method = 'DELETE' AND d.seq > @seq AND d.seq < deliveries.seq)
        """;

    public Task MoveToPlatformAsync(long seq, string node, string platformId, Func<string, string>? fullStatePathOf = null,
        CancellationToken cancellationToken = default) =>
        fullStatePathOf is null
            ? UpdateHeldAsync("receiver_platform = @platformId, lease_until = NULL, lease_owner = NULL", [seq], new { node, platformId }, cancellationToken)
            : database.InTransactionAsync(async (connection, transaction) =>
            {
                // As the object stands now (when it is still stored), read as a rewrite reads it.
                var state = await LockedStateAsync(connection, transaction, seq);
                return await connection.ExecuteAsync($"""
                    UPDATE deliveries SET receiver_platform = @platformId, lease_until = NULL, lease_owner = NULL
                        {(state is null ? "" : ", method = 'PUT', path = @path, payload = @body")}
                    WHERE seq = @seq AND status = 'Pending' AND lease_owner = @node
                    """, new { seq, node, platformId, path = state is { } s ? fullStatePathOf(s.Id) : null, body = state?.Body }, transaction);
            }, cancellationToken);

    /// <summary>
    /// Sets <paramref name="set"/> on the pending deliveries that <c>@node</c> holds (all of them, or only
    /// <paramref name="seqs"/>); the seqs it set it on. On PostgreSQL the rows are locked in the order
    /// of their numbers first, so a node's renewal and its completions, which overlap, never wait for each other in a
    /// circle.
    /// </summary>
    private async Task<IReadOnlyCollection<long>> UpdateHeldAsync(string set, IReadOnlyCollection<long>? seqs, object parameters,
        CancellationToken cancellationToken)
    {
        if (seqs is { Count: 0 })
            return [];
        var held = "status = 'Pending' AND lease_owner = @node" + (seqs is null ? "" : $" AND {database.InMany("seq", "@seqs")}");
        // The locked rows are read once, before the update (MATERIALIZED): as a subquery of the update, PostgreSQL ran
        // the locking read again for every row it updated (150 ms to complete 91 deliveries under S5).
        var sql = database.Kind == DatabaseKind.PostgreSql
            ? $"WITH locked AS MATERIALIZED (SELECT seq FROM deliveries WHERE {held} ORDER BY seq FOR UPDATE) UPDATE deliveries SET {set} FROM locked WHERE deliveries.seq = locked.seq"
            : $"UPDATE deliveries SET {set} WHERE {held}";
        var arguments = seqs is null ? parameters : WithSeqs(parameters, seqs);
        return [.. await database.WriteAsync((connection, transaction) => connection.QueryAsync<long>($"{sql} RETURNING deliveries.seq", arguments, transaction),
            cancellationToken)];
    }

    private DynamicParameters WithSeqs(object parameters, IReadOnlyCollection<long> seqs)
    {
        var arguments = new DynamicParameters(parameters);
        arguments.Add("seqs", database.Many(seqs));
        return arguments;
    }

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(DeliveryStatus status, bool failedOnly, int limit, string? receiverPlatformId = null,
        long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The status written out, so that the index of its kind serves the query: pending ones in deliveries_pending,
        // ended ones (ended_at set) in deliveries_ended; an index that holds some rows only is used by a query that says so.
        var ofStatus = status == DeliveryStatus.Pending ? "status = 'Pending'" : $"status = '{status}' AND ended_at IS NOT NULL";
        var failed = failedOnly ? " AND attempts > 0" : "";
        var ofReceiver = receiverPlatformId is null ? "" : " AND receiver_platform = @receiverPlatformId";
        return (await connection.QueryAsync<DeliveryRow>(
                $"SELECT {DeliveryColumns} FROM deliveries WHERE {ofStatus}{failed}{ofReceiver} AND seq > @afterSeq ORDER BY seq LIMIT @limit",
                new { limit, receiverPlatformId, afterSeq }))
            .Select(d => d.ToDelivery()).ToList();
    }

    public async Task<Delivery?> FindDeliveryAsync(long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<DeliveryRow>($"SELECT {DeliveryColumns} FROM deliveries WHERE seq = @seq", new { seq }))?.ToDelivery();
    }

    public async Task<RetryResult> RetryAsync(long seq, string method, string path, string? payload, DateTimeOffset now,
        Func<string, string>? fullStatePathOf = null, CancellationToken cancellationToken = default)
    {
        // Never one a node holds: its lease cleared, the node's outcome would match no row and it would go out again.
        // Nor one whose later changes of its object a node holds: they would go after it, and after its full state.
        var at = now.ToUnixTimeMilliseconds();
        var retried = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var state = fullStatePathOf is null ? null : await LockedStateAsync(connection, transaction, seq);
            if (state is var (_, id, body))
                (method, path, payload) = ("PUT", fullStatePathOf!(id), body);
            if (await connection.ExecuteAsync($"""
                    UPDATE deliveries SET status = 'Pending', method = @method, path = @path, payload = @payload, next_attempt_at = @at, retry_window_from = @at,
                        lease_until = NULL, lease_owner = NULL, ended_at = NULL
                    WHERE seq = @seq AND (status = 'Dead' OR (status = 'Pending' AND attempts > 0 AND (lease_until IS NULL OR lease_until < @at)))
                      AND NOT EXISTS (SELECT 1 FROM deliveries l WHERE l.status = 'Pending' AND {SameObject("l", "deliveries")} AND l.seq > deliveries.seq
                          AND l.lease_until >= @at)
                    """, new { seq, method, path, payload, at }, transaction) == 0)
                return false;
            if (state is { } held)
                await DropContainedChangesAsync(connection, transaction, seq, held.Of, at);
            return true;
        }, cancellationToken);
        if (retried)
            return RetryResult.Retried;
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<RetryRow>("SELECT status, attempts, lease_until FROM deliveries WHERE seq = @seq", new { seq });
        return found switch
        {
            null or { status: "Done" } => RetryResult.NotFound,
            { status: "Pending", attempts: 0, lease_until: var until } when until is null || until < at => RetryResult.NotFailed,
            // Held now (or a later change of its object is), or its attempt ended between the two statements.
            _ => RetryResult.BeingSent,
        };
    }

    private sealed record RetryRow(string status, long attempts, long? lease_until);

    // Rows named as the columns (Dapper maps by name).
    private sealed record ObjectRow(string module, string owner, string object_key, string object_id, long last_updated, string body, string? token_owner,
        long created_at, long row_version, long? last_updated_211)
    {
        public static ObjectRow From(StoredObject o) => new(o.Module.ToString(), o.Owner.ToString(), StoredObject.KeyOf(o.Id), o.Id,
            o.LastUpdated.ToUnixTimeMilliseconds(), o.Body, o.TokenOwner?.ToString(), o.CreatedAt.ToUnixTimeMilliseconds(), RowVersionOf(o.Body),
            o.LastUpdatedFor211?.ToUnixTimeMilliseconds());

        public StoredObject ToObject() => new(Enum.Parse<DataModule>(module), Party(owner), object_id,
            DateTimeOffset.FromUnixTimeMilliseconds(last_updated), body, token_owner is null ? null : Party(token_owner),
            DateTimeOffset.FromUnixTimeMilliseconds(created_at))
        {
            RowVersion = row_version,
            LastUpdatedFor211 = last_updated_211 is { } for211 ? DateTimeOffset.FromUnixTimeMilliseconds(for211) : null,
        };

        /// <summary>A hash of the body: every node computes the same, and a write of the same body keeps what was derived from it.</summary>
        private static long RowVersionOf(string body)
        {
            // The body's UTF-8 in a pooled buffer: a body is kilobytes, one a stored object.
            var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(body.Length));
            try
            {
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(utf8.AsSpan(0, Encoding.UTF8.GetBytes(body, utf8)), hash);
                return BinaryPrimitives.ReadInt64LittleEndian(hash);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(utf8);
            }
        }
    }

    /// <summary>
    /// An object as stored before it stopped reaching someone (<c>stopped_reaching</c>); read back, its <c>last_updated</c>
    /// is when that was; <c>state_version</c> the shared state version its writer read.
    /// </summary>
    private sealed record RemovalRow(string module, string owner, string object_key, string object_id, string body, long created_at, long changed_at,
        long state_version)
    {
        public static RemovalRow From(StoredObject o, long changedAt, long stateVersion) =>
            new(o.Module.ToString(), o.Owner.ToString(), StoredObject.KeyOf(o.Id), o.Id, o.Body, o.CreatedAt.ToUnixTimeMilliseconds(), changedAt, stateVersion);

        public StoredObject ToObject() => new(Enum.Parse<DataModule>(module), Party(owner), object_id, DateTimeOffset.FromUnixTimeMilliseconds(changed_at), body,
            null, DateTimeOffset.FromUnixTimeMilliseconds(created_at));
    }

    private sealed record DeliveryRow(long seq, string receiver_platform, string receiver, string sender, string module, string owner,
        string object_key, string method, string path, string? payload, string correlation_id, string status, long attempts,
        long next_attempt_at, long created_at, long? retry_window_from, string? last_error)
    {
        public Delivery ToDelivery() => new(seq, receiver_platform, Party(receiver), Party(sender), Enum.Parse<DataModule>(module),
            Party(owner), object_key, method, path, payload, correlation_id, Enum.Parse<DeliveryStatus>(status), (int)attempts,
            DateTimeOffset.FromUnixTimeMilliseconds(next_attempt_at), DateTimeOffset.FromUnixTimeMilliseconds(created_at),
            DateTimeOffset.FromUnixTimeMilliseconds(retry_window_from ?? created_at), last_error);
    }

    internal static PartyKey Party(string key) => PartyKey.TryParse(key, out var party) ? party : throw new InvalidOperationException($"bad party key {key}");
}
