using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A real hub on Kestrel on a free loopback port, with its own data folder and database (an SQLite file, or a
/// PostgreSQL database of its own, already migrated: <see cref="HubProcess"/> starts hubs on empty ones), and an admin client holding its key. <see cref="StartAnotherNodeAsync"/> starts a
/// second hub node on the same folder and database, as several nodes behind one address run.
/// </summary>
public sealed class HubUnderTest : IHub, IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-of-the-hub";

    /// <summary>The simulated partners listen on loopback, which a hub calls only when told to; a test turns it off after it.</summary>
    public const string PartnersOnLoopback = "--Hub:AllowPrivatePartnerAddresses=true";

    private readonly WebApplication app;
    private readonly string dataFolder;
    private readonly Func<Task>? dropDatabase;
    private readonly IReadOnlyList<string> storageArgs;
    private readonly bool ownsStorage;

    private HubUnderTest(WebApplication app, string dataFolder, Func<Task>? dropDatabase, IReadOnlyList<string> storageArgs, bool ownsStorage,
        CapturedLogs logs)
    {
        this.app = app;
        Logs = logs;
        this.dataFolder = dataFolder;
        this.dropDatabase = dropDatabase;
        this.storageArgs = storageArgs;
        this.ownsStorage = ownsStorage;
        BaseUrl = app.Urls.First().TrimEnd('/');
        app.Services.GetRequiredService<HubOptions>().PublicBaseUrl = BaseUrl;
        Admin = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string BaseUrl { get; }
    public string VersionsUrl => BaseUrl + "/ocpi/versions";
    public HttpClient Admin { get; }

    /// <summary>What this node logged since it was built (what its log levels let through).</summary>
    public CapturedLogs Logs { get; }

    public T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public static Task<HubUnderTest> StartAsync(StorageKind storage, params string[] settings) => StartAsync(storage, null, settings);

    /// <summary>A hub whose clock is <paramref name="clock"/> (the system clock when null): tests drive its schedule.</summary>
    public static async Task<HubUnderTest> StartAsync(StorageKind storage, TimeProvider? clock, params string[] settings)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "ocpihub-tests", Guid.NewGuid().ToString("N"));
        var storageArgs = new List<string> { $"--Hub:DataFolder={dataFolder}" };
        Func<Task>? drop = null;
        if (storage == StorageKind.PostgreSql)
        {
            var (connectionString, dropDatabase) = await TestPostgres.CreateMigratedDatabaseAsync();
            storageArgs.Add($"--Hub:PostgreSql={connectionString}");
            drop = dropDatabase;
        }
        return await StartNodeAsync(dataFolder, drop, storageArgs, ownsStorage: true, clock, settings);
    }

    /// <summary>
    /// Another hub node on this hub's data folder and database (its SQLite file, or its PostgreSQL database), on a
    /// port of its own; this hub keeps the storage and removes it when disposed.
    /// </summary>
    public Task<HubUnderTest> StartAnotherNodeAsync(params string[] settings) =>
        StartNodeAsync(dataFolder, null, storageArgs, ownsStorage: false, clock: null, settings);

    /// <summary>Another node whose clock is <paramref name="clock"/>: nodes' clocks differ, and tests drive each one.</summary>
    public Task<HubUnderTest> StartAnotherNodeAsync(TimeProvider clock, params string[] settings) =>
        StartNodeAsync(dataFolder, null, storageArgs, ownsStorage: false, clock, settings);

    private static async Task<HubUnderTest> StartNodeAsync(string dataFolder, Func<Task>? drop, IReadOnlyList<string> storageArgs, bool ownsStorage,
        TimeProvider? clock, string[] settings)
    {
        // Nodes in one test process share its process id, so each is named apart, as its own process would be.
        var args = new List<string> { "--Hub:Listen=http://127.0.0.1:0", $"--Hub:AdminKey={AdminKey}", "--Logging:LogLevel:Default=Warning",
            $"--Hub:NodeId=test-node-{Guid.NewGuid():N}", PartnersOnLoopback };
        args.AddRange(storageArgs);
        // On the real clock the schedule stays off: a test running at 01:00 UTC would otherwise see scheduled runs.
        if (clock is null)
            args.Add("--Hub:Sync:Enabled=false");
        args.AddRange(settings);
        var app = await HubApplication.BuildAsync([.. args], TextWriter.Null, clock);
        var logs = new CapturedLogs();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        return new HubUnderTest(app, dataFolder, drop, storageArgs, ownsStorage, logs);
    }

    public Task<JsonNode> AdminAsync(HttpMethod method, string path, object? body = null, int expectedStatus = 200) =>
        AdminCall.SendAsync(BaseUrl, method, path, body, expectedStatus);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (!ownsStorage)
            return;
        if (dropDatabase is not null)
            await dropDatabase();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // An SQLite file still held by a pooled connection; the temp folder is cleaned by the system.
        }
    }
}
