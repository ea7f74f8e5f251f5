using System.Diagnostics;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// The hub as a separate operating-system process (the built executable), so a test can kill it with SIGKILL
/// and start it again on the same data folder and port. <see cref="AnotherNode"/> is a second process on the same
/// database, as nodes behind a load balancer run.
/// </summary>
public sealed class HubProcess : IHub, IAsyncDisposable
{
    private Process? process;
    private readonly string? postgreSql;
    private readonly string[] storageSettings;
    private readonly Func<Task>? dropDatabase;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();
    private readonly bool ownsStorage;
    private int port;
    private bool everStarted;

    /// <summary>The setting that gives nodes of one hub the same token key, as a secrets file does in production.</summary>
    public const string SharedTokenKey = "--Hub:TokenKey=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private HubProcess(string dataFolder, int port, string? postgreSql, Func<Task>? dropDatabase, bool ownsStorage = true)
    {
        this.ownsStorage = ownsStorage;
        DataFolder = dataFolder;
        this.port = port;
        this.postgreSql = postgreSql;
        storageSettings = postgreSql is null ? [] : [$"--Hub:PostgreSql={postgreSql}"];
        this.dropDatabase = dropDatabase;
    }

    /// <summary>
    /// The node's name (<c>Hub:NodeId</c>), the same across its restarts, as an operator names a node; a restarted
    /// node releases the delivery leases it held before.
    /// </summary>
    public string NodeId => $"test-node-{port}";

    /// <summary>The hub's database, to read what the hub recorded while it is down (the same file or database it uses).</summary>
    public OcpiHub.Storage.HubDatabase Database() => postgreSql is null
        ? OcpiHub.Storage.HubDatabase.Sqlite(Path.Combine(DataFolder, "ocpihub.db"))
        : OcpiHub.Storage.HubDatabase.PostgreSql(postgreSql);

    public string DataFolder { get; }

    /// <summary>Where the process starts (the test run's own folder when null, which holds the hub's appsettings.json).</summary>
    public string? WorkingDirectory { get; set; }
    public string BaseUrl => $"http://127.0.0.1:{port}";

    public Task<System.Text.Json.Nodes.JsonNode> AdminAsync(HttpMethod method, string path, object? body = null, int expectedStatus = 200) =>
        AdminCall.SendAsync(BaseUrl, method, path, body, expectedStatus);

    /// <summary>A hub process to be on SQLite in its data folder, or on a fresh PostgreSQL database.</summary>
    public static async Task<HubProcess> CreateAsync(StorageKind storage)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocpihub-tests", Guid.NewGuid().ToString("N"));
        if (storage == StorageKind.Sqlite)
            return new(folder, HubPorts.Next(), null, null);
        var (connectionString, drop) = await TestPostgres.CreateDatabaseAsync();
        return new(folder, HubPorts.Next(), connectionString, drop);
    }

    /// <summary>
    /// Another node on this hub's database, on a port of its own: on PostgreSQL with a data folder of its own (nodes
    /// share nothing but the database and the settings they are given), on SQLite with this hub's folder (the database
    /// file is in it). This hub keeps the database and removes it when disposed.
    /// </summary>
    public HubProcess AnotherNode() => postgreSql is null
        ? new(DataFolder, HubPorts.Next(), null, null, ownsStorage: false)
        : new(Path.Combine(Path.GetTempPath(), "ocpihub-tests", Guid.NewGuid().ToString("N")), HubPorts.Next(), postgreSql, null, ownsStorage: false);

    /// <summary>
    /// A hub of two started nodes on one database, sharing the token key as a secrets file makes nodes share it. Declare
    /// the first <c>await using</c> before the second: the second stops first, then the first removes the database.
    /// </summary>
    public static async Task<(HubProcess First, HubProcess Second)> StartTwoNodesAsync(StorageKind storage, params string[] settings)
    {
        string[] shared = [SharedTokenKey, .. settings];
        var first = await CreateAsync(storage);
        var second = first.AnotherNode();
        try
        {
            await first.StartAsync(shared);
            await second.StartAsync(shared);
            return (first, second);
        }
        catch
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            throw;
        }
    }

    public Task StartAsync(params string[] settings) => StartCommandAsync("serve", settings);

    /// <summary>
    /// Runs another command of the executable that starts a hub (<c>demo</c>) with this hub's settings, then
    /// <paramref name="settings"/>. Its port (<see cref="HubPorts"/>) was free when chosen but is bound only now, so
    /// something outside the test run may have taken it meanwhile: a first start that finds it taken starts on another.
    /// </summary>
    public async Task StartCommandAsync(string command, params string[] settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = Launch(settings, command);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) }; // a listener that never answers is not the hub
            // A minute: a first start once did not answer within 30 s in CI, on two cores shared with the rest of the suite
            // (why was not found; what the process wrote is in the failure now).
            try
            {
                await Eventually.UntilAsync(async () => await IsUpAsync(http, settings) || started.HasExited, up => up, "the hub process to listen", 60_000);
            }
            catch (Xunit.Sdk.FailException timedOut) when (!started.HasExited)
            {
                Assert.Fail($"{timedOut.Message}; what it wrote meanwhile:\n{string.Join('\n', Output.TakeLast(20))}\n{Errors}");
            }
            if (!started.HasExited)
            {
                everStarted = true;
                return;
            }
            var tookAnotherListenersPort = !everStarted && attempt < 3 && HubPorts.Taken(port);
            Assert.True(tookAnotherListenersPort, $"the hub process ended at start: {Errors}");
            errors.Clear();
            port = HubPorts.Next();
        }
    }

    /// <summary>Starts the hub expecting it to refuse to start for a setting (exit code 2); what it wrote to standard error.</summary>
    public Task<string> StartRefusedAsync(params string[] settings) => StartFailingAsync(2, settings);

    /// <summary>Starts the hub expecting it to stop at once with <paramref name="exitCode"/>; what it wrote to standard error.</summary>
    public Task<string> StartFailingAsync(int exitCode, params string[] settings) => StartCommandFailingAsync("serve", exitCode, settings);

    /// <summary>Runs <paramref name="command"/> (<c>serve</c>, <c>demo</c>) expecting it to stop at once with <paramref name="exitCode"/>; what it wrote to standard error.</summary>
    public async Task<string> StartCommandFailingAsync(string command, int exitCode, params string[] settings)
    {
        var started = Launch(settings, command);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await started.WaitForExitAsync(timeout.Token);
        started.WaitForExit(); // its standard error read to the end
        Assert.Equal(exitCode, started.ExitCode);
        process = null;
        return Errors;
    }

    private Process Launch(string[] settings, string command = "serve")
    {
        var server = Path.Combine(AppContext.BaseDirectory, "ocpihub.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = WorkingDirectory ?? "" };
        foreach (var argument in new[] { server, command, $"--Hub:Listen={BaseUrl}", $"--Hub:DataFolder={DataFolder}", $"--Hub:AdminKey={HubUnderTest.AdminKey}",
                     $"--Hub:NodeId={NodeId}", HubUnderTest.PartnersOnLoopback,
                     "--Hub:Sync:Enabled=false" /* on the real clock: no scheduled runs at 01:00 UTC in the middle of a test */ }
                     .Concat(storageSettings).Concat(settings))
            info.ArgumentList.Add(argument);
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                output.Enqueue(line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                errors.Enqueue(line.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>What the process wrote to standard output so far, line by line.</summary>
    public IReadOnlyList<string> Output => [.. output];

    /// <summary>What the process wrote to standard error so far (a refused start names its reason there).</summary>
    public string Errors => string.Join('\n', errors);

    /// <summary>SIGKILL: no shutdown, no flushing; whatever the hub acknowledged must already be on disk.</summary>
    public void Kill()
    {
        process?.Kill(entireProcessTree: true);
        process?.WaitForExit();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        if (!ownsStorage)
        {
            if (postgreSql is not null)
                TryDelete(DataFolder); // its own folder; the database is its first node's
            return;
        }
        if (dropDatabase is not null)
            await dropDatabase();
        TryDelete(DataFolder);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaning (or never made: the node never started).
        }
    }

    /// <summary>
    /// Whether this node answers on its port: its health check names it (200, or 503 without its database). Any other
    /// listener on the port (a simulated partner given it meanwhile) names no node.
    /// </summary>
    private async Task<bool> IsUpAsync(HttpClient http, string[] settings)
    {
        var nodeId = settings.LastOrDefault(setting => setting.StartsWith("--Hub:NodeId=", StringComparison.Ordinal))?["--Hub:NodeId=".Length..] ?? NodeId;
        try
        {
            using var answer = await http.GetAsync($"{BaseUrl}/health");
            var body = await answer.Content.ReadAsStringAsync();
            return System.Text.Json.Nodes.JsonNode.Parse(body)?["node"]?.GetValue<string>() == nodeId;
        }
        catch (Exception failed) when (failed is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
