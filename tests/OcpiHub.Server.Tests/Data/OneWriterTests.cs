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
        var database = hub.Service<HubDatabase>();
        await database.ExecuteWriteAsync("CREATE TABLE writer_probe (id INTEGER PRIMARY KEY)", null);

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
        await using var connection = await database.OpenAsync();
        Assert.Equal(40, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "SELECT COUNT(*) FROM writer_probe"));
    }
}
