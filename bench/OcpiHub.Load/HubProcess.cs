using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OcpiHub.Load;

/// <summary>
/// The hub in an operating-system process of its own (the built <c>ocpihub serve</c>), so its memory is its own and
/// a scenario can kill it with SIGKILL and start it again on the same port, data folder and database. Its node id
/// is fixed, as an operator names a node, so the restarted node takes back its own leases at once.
/// </summary>
public sealed class HubProcess : HubAdmin, IAsyncDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(60);
    private static readonly HttpClient MetricsClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly string dataFolder;
    private readonly string server;
    private readonly string[] arguments;
    private readonly ConcurrentQueue<string> errors = new();
    private readonly StreamWriter log;
    private Process? process;

    private HubProcess(string baseUrl, string dataFolder, string server, string[] arguments) : base(baseUrl)
    {
        this.dataFolder = dataFolder;
        this.server = server;
        this.arguments = arguments;
        LogFile = dataFolder + ".log";
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        log = new StreamWriter(LogFile) { AutoFlush = true };
    }

    /// <summary>What the hub wrote (warnings and errors), across its restarts; kept after the run.</summary>
    public string LogFile { get; }

    /// <summary>
    /// Starts the hub of <paramref name="folder"/> (null: the one built beside the load generator) on
    /// <paramref name="database"/> with more <paramref name="settings"/>; returns once it answers.
    /// </summary>
    public static async Task<HubProcess> StartAsync(ScratchDatabase database, string? folder, params string[] settings)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var dataFolder = NewDataFolder();
        var server = Path.Combine(folder ?? AppContext.BaseDirectory, "ocpihub.dll");
        if (!File.Exists(server))
            throw new FileNotFoundException($"no hub at {server}");
        var hub = new HubProcess(baseUrl, dataFolder, server,
            Arguments(baseUrl, dataFolder, ["--Hub:NodeId=load-node", "--Hub:Sync:Enabled=false", .. database.HubSettings, .. settings]));
        await hub.LaunchAsync();
        return hub;
    }

    /// <summary>The process id of the running hub (to attach a profiler).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("the hub is not running");

    /// <summary>
    /// The process's working set and the CPU time it has used, now; from its runtime's metrics (NaN when it did not
    /// answer) its heap after the last collection and the time its compiler has taken since it started.
    /// </summary>
    public async Task<HubSample> SampleAsync()
    {
        var running = process ?? throw new InvalidOperationException("the hub is not running");
        running.Refresh();
        var (workingSet, cpu) = (running.WorkingSet64, running.TotalProcessorTime);
        var metrics = await MetricsAsync();
        return new(workingSet, cpu, Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes"), Sum(metrics, "dotnet_jit_compilation_time_seconds_total"));
    }

    private async Task<string?> MetricsAsync()
    {
        try
        {
            return await MetricsClient.GetStringAsync($"{BaseUrl}/metrics");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The sum of a Prometheus metric's samples over its labels (a heap's generations).</summary>
    private static double Sum(string? metrics, string name) => metrics is null
        ? double.NaN
        : metrics.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGKILL: no shutdown, no flush; what the hub acknowledged must already be on disk.</summary>
    public void Kill()
    {
        process?.Kill(entireProcessTree: true);
        process?.WaitForExit();
        process?.Dispose();
        process = null;
    }

    /// <summary>Starts the hub again on the same port, folder and database; returns once it answers.</summary>
    public async Task LaunchAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { server, "serve" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        var started = Process.Start(start)!;
        started.OutputDataReceived += (_, line) => Write(line.Data);
        started.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                errors.Enqueue(line.Data);
            Write(line.Data);
        };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (!await AnswersAsync(http))
        {
            if (started.HasExited || waited.Elapsed > StartBudget)
                throw new InvalidOperationException($"the hub process did not start: {string.Join('\n', errors)}");
            await Task.Delay(100);
        }
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    private async Task<bool> AnswersAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync($"{BaseUrl}/ocpi/versions");
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (process is { } running)
        {
            // A clean stop (SIGTERM), so the hub flushes as an operator's stop would.
            Process.Start("kill", ["-TERM", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await running.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        DeleteDataFolder(dataFolder);
        lock (log)
            log.Dispose();
    }
}

/// <summary>One look at the hub process: see <see cref="HubProcess.SampleAsync"/>.</summary>
public sealed record HubSample(long WorkingSetBytes, TimeSpan Cpu, double HeapBytes, double JitSeconds);
