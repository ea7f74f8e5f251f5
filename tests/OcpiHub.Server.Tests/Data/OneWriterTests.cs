using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Commands;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using OcpiHub.Storage;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// The hub's writes to SQLite take turns in the process instead of colliding on SQLite's write lock: a write waits
/// for its turn without a thread and nothing written at once by requests, deliveries and the message log is lost.
/// PostgreSQL keeps writers side by side.
/// </summary>
public sealed class OneWriterTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Commands_pushes_deliveries_and_the_message_log_written_at_once_all_succeed_and_all_are_kept(StorageKind storage)
    {
        await using var net = await CommandNetwork.StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[2]);
        var commands = Enumerable.Range(0, 24).Select(i => $"corr-writer-command-{i}").ToList();
        var pushes = Enumerable.Range(0, 24).Select(i => $"W{i}").ToList();

        // Each command writes its relay twice and two log entries; each push its object, a delivery per eMSP and a log entry.
        var sending = commands.Select(c => net.SendCommandAsync(emsp, "START_SESSION",
            CommandJson.Body("START_SESSION", emsp.Options.Version, emsp.ResponseUrl("START_SESSION", c), emsp, cpo), c)).ToList();
        await Task.WhenAll(sending.Cast<Task>().Concat(pushes.Select(id => PutLocationAsync(net.Hub, cpo, id))));
        Assert.All(sending, s => Assert.True(s.Result.Envelope["status_code"]!.GetValue<int>() == 1000, s.Result.Envelope.ToJsonString()));

        // The simulated CPO posts every result; the relay is closed and the result queued for the eMSP in one write.
        foreach (var correlationId in commands)
        {
            var relay = await Eventually.UntilAsync(async () => (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}")).AsArray(),
                r => r.Count == 1 && r[0]!["state"]!.GetValue<string>() == "RESULT_RELAYED"
                     && r[0]!["messages"]!.AsArray().Any(m => m!["direction"]!.GetValue<string>() == "IN"),
                $"the relay of {correlationId} closed and the command in the message log (written in batches)", 30_000);
            Assert.Equal("ACCEPTED", relay[0]!["answer"]!.GetValue<string>());
        }
        await Eventually.UntilAsync(() => emsp.CommandResults.Select(r => r.Path).Distinct().Count(), n => n == commands.Count, "every result at the eMSP", 30_000);
        // Every agreed eMSP gets every pushed Location through its lane.
        foreach (var receiver in net.Emsps)
        {
            await Eventually.UntilAsync(() => pushes.Where(id => !receiver.Requests.Any(r => r.Method == "PUT" && r.Path.EndsWith("/" + id, StringComparison.Ordinal))).ToList(),
                missing => missing.Count == 0, $"every Location at {Key(receiver)}", 30_000);
        }
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_second_write_waits_for_its_turn_on_sqlite_without_blocking_and_runs_alongside_on_postgresql(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        await using var first = await database.OpenAsync();
        await using var second = await database.OpenAsync();
        await using var firstWrite = await database.BeginWriteAsync(first);

        // On SQLite the call returns at once with the write waiting: no thread sleeps in the provider's busy retry.
        var secondWrite = database.BeginWriteAsync(second);
        if (storage == StorageKind.PostgreSql)
        {
            await using var alongside = await secondWrite;
            await alongside.CommitAsync();
            return;
        }
        Assert.False(secondWrite.IsCompleted, "the second write began while the first was open");
        await firstWrite.CommitAsync();
        await using var turn = await secondWrite.WaitAsync(TimeSpan.FromSeconds(30));
        await turn.CommitAsync();
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Among_single_writes_sent_at_once_only_the_one_a_key_refuses_fails(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = await WithProbeTableAsync(hub);

        // On SQLite these are committed together; the duplicate must not take the others down with it.
        var ids = Enumerable.Range(1, 40).Append(7).ToList();
        var writes = ids.Select(id => database.ExecuteWriteAsync("INSERT INTO writer_probe (id) VALUES (@id)", new { id })).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return await w;
            }
            catch (System.Data.Common.DbException e) when (HubDatabase.IsUniqueViolation(e))
            {
                return -1;
            }
        }));

        Assert.Equal(40, outcomes.Count(o => o == 1));
        Assert.Equal(1, outcomes.Count(o => o == -1));
        Assert.Equal(40, (await ProbeIdsAsync(database)).Count);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Writes_waiting_together_are_kept_together_and_one_failing_halfway_leaves_nothing_of_itself(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = await WithProbeTableAsync(hub);
        var (holding, release) = await HoldTheWriterAsync(database);

        // Each write inserts two rows; the fifth fails after its first. On SQLite all wait behind the held write and run in one transaction.
        var transactions = new System.Collections.Concurrent.ConcurrentBag<System.Data.Common.DbTransaction>();
        var writes = Enumerable.Range(0, 20).Select(i => database.InTransactionAsync(async (connection, transaction) =>
        {
            transactions.Add(transaction);
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO writer_probe (id) VALUES (@id)", new { id = 2 * i }, transaction);
            if (i == 5)
                throw new InvalidOperationException("the fifth write fails halfway");
            return await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO writer_probe (id) VALUES (@id)", new { id = 2 * i + 1 }, transaction);
        })).ToList();
        release.SetResult();
        await holding;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[5]);
        Assert.Equal("the fifth write fails halfway", failure.Message);
        Assert.All(writes.Where((_, i) => i != 5), w => Assert.Equal(1, w.Result));
        Assert.Equal(Enumerable.Range(0, 40).Where(id => id / 2 != 5).Select(id => (long)id), await ProbeIdsAsync(database));
        if (storage == StorageKind.Sqlite)
            Assert.Single(transactions.Distinct());
    }

    [Fact]
    public async Task Writes_waiting_with_one_that_breaks_their_transaction_are_each_written_again_alone()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var database = await WithProbeTableAsync(hub);
        var (holding, release) = await HoldTheWriterAsync(database);

        // The third ends the shared transaction itself, as SQLite does on some errors: what the first two wrote is gone with it.
        var writes = Enumerable.Range(0, 6).Select(i => database.InTransactionAsync(async (connection, transaction) =>
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO writer_probe (id) VALUES (@id)", new { id = i }, transaction);
            if (i == 2)
                await Dapper.SqlMapper.ExecuteAsync(connection, "ROLLBACK", transaction: transaction);
            return i;
        })).ToList();
        release.SetResult();
        await holding;

        await Assert.ThrowsAnyAsync<Exception>(() => writes[2]);
        Assert.Equal(new[] { 0, 1, 3, 4, 5 }, await Task.WhenAll(writes.Where((_, i) => i != 2)));
        Assert.Equal(new long[] { 0, 1, 3, 4, 5 }, await ProbeIdsAsync(database));
    }

    [Fact]
    public async Task A_write_that_changes_a_megabyte_and_fails_is_undone_from_memory_without_a_temporary_file()
    {
        if (!OperatingSystem.IsLinux())
            Assert.Skip("reads the process's open files from /proc");
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var database = hub.Service<HubDatabase>();
        await database.ExecuteWriteAsync("CREATE TABLE wide_probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", null);
        await database.ExecuteWriteAsync("INSERT INTO wide_probe (id, body) WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n WHERE id < 500) SELECT id, printf('%.2000c', 'a') FROM n", null);
        var (holding, release) = await HoldTheWriterAsync(database);

        // Waiting together, each in a savepoint of one transaction: the second changes every row again (250 pages), so
        // SQLite keeps those pages as they were to undo it; past 64 KB in a file of its own unless kept in memory.
        var transactions = new System.Collections.Concurrent.ConcurrentBag<System.Data.Common.DbTransaction?>();
        var first = database.InTransactionAsync((connection, transaction) =>
        {
            transactions.Add(transaction);
            return Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE wide_probe SET body = printf('%.2000c', 'b')", transaction: transaction);
        });
        string[] openFilesWhileFailing = [];
        var failing = database.InTransactionAsync<int>(async (connection, transaction) =>
        {
            transactions.Add(transaction);
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE wide_probe SET body = printf('%.2000c', 'c')", transaction: transaction);
            openFilesWhileFailing = OpenFiles();
            throw new InvalidOperationException("the rewrite fails after changing every row");
        });
        var last = database.WriteAsync((connection, transaction) =>
        {
            transactions.Add(transaction);
            return Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO wide_probe (id, body) VALUES (501, 'last')", transaction: transaction);
        });
        var openFilesBefore = OpenFiles();
        release.SetResult();
        await holding;

        Assert.Equal(500, await first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(1, await last);
        await using var connection = await database.OpenAsync();
        Assert.Equal(["last", new string('b', 2000)],
            await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT DISTINCT body FROM wide_probe ORDER BY length(body)"));
        Assert.Single(transactions.Distinct());
        // SQLite names its temporary files etilqs_… and unlinks them as it opens them; only those opened by the batch count.
        Assert.NotEmpty(openFilesWhileFailing);
        Assert.DoesNotContain(openFilesWhileFailing.Except(openFilesBefore), target => target.Contains("etilqs_", StringComparison.Ordinal));
    }

    private static string[] OpenFiles() => [.. Directory.GetFiles("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "")];

    [Fact]
    public async Task A_write_given_up_before_its_turn_is_not_written_and_a_write_waiting_for_another_fails_at_once()
    {
        await using var hub = await HubUnderTest.StartAsync(StorageKind.Sqlite);
        var database = await WithProbeTableAsync(hub);
        var (holding, release) = await HoldTheWriterAsync(database);
        using var givenUp = new CancellationTokenSource();
        var ran = false;

        var cancelled = database.InTransactionAsync((connection, transaction) =>
        {
            ran = true;
            return Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO writer_probe (id) VALUES (1)", transaction: transaction);
        }, givenUp.Token);
        // A write that waits for another queued write would wait for itself: it fails, and says so, instead of hanging the writer.
        var nested = database.InTransactionAsync((_, _) => database.ExecuteWriteAsync("INSERT INTO writer_probe (id) VALUES (2)", null));
        await givenUp.CancelAsync();
        release.SetResult();
        await holding;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran, "the write given up was run");
        Assert.Contains("would wait for it", (await Assert.ThrowsAsync<InvalidOperationException>(() => nested)).Message);
        Assert.Empty(await ProbeIdsAsync(database));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_write_runs_in_its_callers_context(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        var database = hub.Service<HubDatabase>();
        var caller = new AsyncLocal<string>();

        // Log scopes and traces are async-local: a write that logs must log in the scope of the request that made it.
        caller.Value = "the request's scope";
        Assert.Equal("the request's scope", await database.InTransactionAsync((_, _) => Task.FromResult(caller.Value)));
    }

    /// <summary>
    /// A write that holds the one writer (on SQLite) until released, so that the writes queued meanwhile wait together;
    /// on PostgreSQL writers run side by side and it holds nothing.
    /// </summary>
    private static async Task<(Task Holding, TaskCompletionSource Release)> HoldTheWriterAsync(HubDatabase database)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = database.InTransactionAsync(async (_, _) =>
        {
            started.SetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return 0;
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (holding, release);
    }

    private static async Task<HubDatabase> WithProbeTableAsync(HubUnderTest hub)
    {
        var database = hub.Service<HubDatabase>();
        await database.ExecuteWriteAsync("CREATE TABLE writer_probe (id INTEGER PRIMARY KEY)", null);
        return database;
    }

    private static async Task<IReadOnlyList<long>> ProbeIdsAsync(HubDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<long>(connection, "SELECT id FROM writer_probe ORDER BY id")];
    }
}
