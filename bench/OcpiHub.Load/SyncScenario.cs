using System.Diagnostics;
using Dapper;
using OcpiHub.Protocol;
using OcpiHub.Simulator;
using OcpiHub.Storage;

namespace OcpiHub.Load;

/// <summary>
/// S3: a full pull of N Locations (two EVSEs each) from a simulated 2.2.1 CPO serving pages of 1000, started through
/// the admin API and timed until the run is SUCCEEDED, with one agreed eMSP. The eMSP holds every change it is sent
/// past the hub's budget, so the run's deliveries are enqueued but hardly sent while it is timed. The hub's working
/// set is sampled all along (the CPO runs in a process of its own). The baseline, in the same run: the rows the hub
/// stored, read back and upserted with plain ADO.NET into a fresh database of the same kind with the hub's schema,
/// 1000 to a transaction. The hub runs on SQLite, or with <c>--database postgresql</c> on a new database of the
/// server that <c>OCPIHUB_TEST_POSTGRES</c> names.
/// </summary>
public static class SyncScenario
{
    private static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);
    private const int EarlyMark = 20_000;
    private const int BatchSize = 1000;

    public static async Task RunAsync(LoadSettings settings)
    {
        // A pull of its own first, on its own hub, database and CPO: what it leaves is only the process's compiled code.
        if (settings.WarmLocations > 0)
        {
            Report.Line($"S3: first a pull of {settings.WarmLocations} Locations that warms the process (not measured)");
            await RunOnceAsync(settings with { Locations = settings.WarmLocations }, print: false);
        }
        await RunOnceAsync(settings, print: true);
    }

    private static async Task RunOnceAsync(LoadSettings settings, bool print)
    {
        var emspParty = new SimulatedParty("DE", "EMS", "EMSP", "Load eMSP");
        var setup = Stopwatch.StartNew();
        var postgres = settings.Database == "postgresql";
        await using var hubDatabase = await ScratchDatabase.CreateAsync(postgres);
        await using var baselineDatabase = await ScratchDatabase.CreateAsync(postgres);
        var hub = await LoopbackHub.StartAsync(hubDatabase);
        SimulatedPartner? emsp = null;
        try
        {
            await using var cpo = await CpoProcess.StartAsync(settings.Locations);
            var platformId = await hub.ConnectAsync(CpoProcess.Party, cpo.RegisterAsync);
            emsp = await hub.StartPartnerAsync(OcpiVersion.V221, emspParty);
            emsp.ModuleResponseDelay = RunBudget;
            await hub.AgreeAsync(CpoProcess.Party, emspParty);
            Report.Line($"S3: the CPO process holds {settings.Locations} Locations, connected after {setup.Elapsed.TotalSeconds:F1} s");

            var pull = await PullAsync(hub, platformId, cpo);
            var database = hub.Service<HubDatabase>();
            await using (var connection = await database.OpenAsync())
                pull = pull with { Deliveries = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries") };
            await using var target = baselineDatabase.Open(hub.DataFolder);
            var baseline = await UpsertBaselineAsync(database, target);
            if (print)
                Print(settings.Locations, database.Kind, pull, baseline);
        }
        finally
        {
            // The hub first: it gives up the change the eMSP holds, so the eMSP can stop at once.
            await hub.DisposeAsync();
            if (emsp is not null)
                await emsp.DisposeAsync();
        }
    }

    /// <summary>What the timed run did and cost.</summary>
    private sealed record Pull(string Status, int Pages, int Objects, int Changed, int Invalid, double Seconds, long WorkingSetBefore,
        Peaks AtEarlyMark, int ObjectsAtEarlyMark, Peaks AtEnd, double HubCpuSeconds, double CpoCpuSeconds, long AllocatedBytes, long LiveBefore, long LiveAfter,
        long Deliveries = 0);

    /// <summary>The highest working set and managed heap sampled so far (the heap tells the managed share of the working set).</summary>
    private sealed record Peaks(long WorkingSet, long ManagedHeap)
    {
        public Peaks Sample(Process process)
        {
            process.Refresh();
            return new(Math.Max(WorkingSet, process.WorkingSet64), Math.Max(ManagedHeap, GC.GetTotalMemory(false)));
        }
    }

    private static async Task<Pull> PullAsync(LoopbackHub hub, string platformId, CpoProcess cpo)
    {
        using var self = Process.GetCurrentProcess();
        // What the managed heap holds after a full collection, before and after the run: growth there is kept, not garbage.
        var liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        var before = new Peaks(0, 0).Sample(self);
        var (cpuBefore, cpoCpuBefore, allocatedBefore) = (self.TotalProcessorTime, cpo.Cpu, GC.GetTotalAllocatedBytes());
        var clock = Stopwatch.StartNew();
        var queued = await hub.AdminAsync(HttpMethod.Post, "admin/syncs", new { platform_id = platformId, kind = "FULL", modules = new[] { "locations" } });
        var id = queued.AsArray().Single()!["id"]!.GetValue<string>();
        var (peak, early, objectsAtEarly) = (before, (Peaks?)null, 0);
        while (clock.Elapsed < RunBudget)
        {
            peak = peak.Sample(self);
            var run = await hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{id}");
            var (status, objects) = (run["status"]!.GetValue<string>(), run["objects"]!.GetValue<int>());
            if (early is null && objects >= EarlyMark)
                (early, objectsAtEarly) = (peak, objects);
            if (status is not ("QUEUED" or "RUNNING"))
            {
                var seconds = clock.Elapsed.TotalSeconds;
                self.Refresh();
                var (cpu, cpoCpu, allocated) = (self.TotalProcessorTime - cpuBefore, cpo.Cpu - cpoCpuBefore, GC.GetTotalAllocatedBytes() - allocatedBefore);
                return new(status, Count(run, "pages"), objects, Count(run, "changed"), Count(run, "invalid"), seconds, before.WorkingSet, early ?? peak, objectsAtEarly, peak,
                    cpu.TotalSeconds, cpoCpu.TotalSeconds, allocated, liveBefore, GC.GetTotalMemory(forceFullCollection: true));
            }
            await Task.Delay(SampleEvery);
        }
        throw new TimeoutException($"the sync run did not end within {RunBudget}");
    }

    private static int Count(System.Text.Json.Nodes.JsonNode run, string field) => run[field]!.GetValue<int>();

    /// <summary>
    /// The baseline: the Locations the hub stored (the same JSON text), read back 1000 at a time untimed, each thousand
    /// upserted timed with one reused ADO.NET command in one transaction into <paramref name="target"/> (migrated
    /// with the hub's schema). Rows per second.
    /// </summary>
    private static async Task<double> UpsertBaselineAsync(HubDatabase source, HubDatabase target)
    {
        string[] columns = ["module", "owner", "object_key", "object_id", "last_updated", "body", "token_owner", "created_at"];
        await Migrator.MigrateAsync(target);
        await using var write = await target.OpenAsync();
        await using var upsert = write.CreateCommand();
        upsert.CommandText = $"""
            INSERT INTO objects ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})
            ON CONFLICT (module, owner, object_key) DO UPDATE SET object_id = excluded.object_id, last_updated = excluded.last_updated,
                body = excluded.body, token_owner = excluded.token_owner
            """;
        foreach (var column in columns)
        {
            var parameter = upsert.CreateParameter();
            parameter.ParameterName = "@" + column;
            upsert.Parameters.Add(parameter);
        }

        await using var read = await source.OpenAsync();
        await using var select = read.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", columns)} FROM objects WHERE module = 'Locations' ORDER BY object_key";
        await using var rows = await select.ExecuteReaderAsync();
        var (batch, timed, count) = (new List<object[]>(BatchSize), TimeSpan.Zero, 0);
        while (true)
        {
            var more = await rows.ReadAsync();
            if (more)
            {
                var row = new object[columns.Length];
                rows.GetValues(row);
                batch.Add(row);
            }
            if (batch.Count == BatchSize || (!more && batch.Count > 0))
            {
                var started = Stopwatch.GetTimestamp();
                using (var transaction = write.BeginTransaction())
                {
                    upsert.Transaction = transaction;
                    foreach (var values in batch)
                    {
                        for (var i = 0; i < values.Length; i++)
                            upsert.Parameters[i].Value = values[i];
                        upsert.ExecuteNonQuery();
                    }
                    transaction.Commit();
                }
                timed += Stopwatch.GetElapsedTime(started);
                count += batch.Count;
                batch.Clear();
            }
            if (!more)
                return count / timed.TotalSeconds;
        }
    }

    private static void Print(int locations, DatabaseKind kind, Pull pull, double baseline)
    {
        static string Mb(long bytes) => Report.F(bytes / 1024.0 / 1024.0, "F0");
        var perSecond = pull.Objects / pull.Seconds;
        Report.Line("");
        Report.Line("| S3 | Locations | s | Locations/s | baseline rows/s | ratio | working set before MB | peak to 20k MB (managed) | peak to end MB (managed) | status |");
        Report.Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        Report.Line($"| full pull, pages of {CpoProcess.MaxPageSize}, 1 agreed eMSP, {kind} | {pull.Objects} | {Report.F(pull.Seconds)} | {Report.F(perSecond, "F0")} | "
            + $"{Report.F(baseline, "F0")} | {Report.F(perSecond / baseline, "F2")} | {Mb(pull.WorkingSetBefore)} | "
            + $"{Mb(pull.AtEarlyMark.WorkingSet)} ({Mb(pull.AtEarlyMark.ManagedHeap)}) at {pull.ObjectsAtEarlyMark} | {Mb(pull.AtEnd.WorkingSet)} ({Mb(pull.AtEnd.ManagedHeap)}) | {pull.Status} |");
        Report.Line("");
        Report.Line($"S3: {pull.Pages} pages, {pull.Changed} changed, {pull.Invalid} invalid of {locations}; {pull.Deliveries} deliveries enqueued; "
            + $"CPU during the run: hub process {Report.F(pull.HubCpuSeconds)} s, CPO process {Report.F(pull.CpoCpuSeconds)} s; "
            + $"hub allocated {Report.F(pull.AllocatedBytes / (double)Math.Max(1, pull.Objects) / 1024, "F0")} KB per Location; "
            + $"managed heap live after a full collection {Mb(pull.LiveBefore)} MB before the run, {Mb(pull.LiveAfter)} MB after it");
    }
}
