using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Load;

/// <summary>
/// The hub under load: built as the server builds it, on Kestrel on a free loopback port, on its own SQLite
/// file in a temporary folder (deleted at the end), with partners connected through its admin API.
/// </summary>
public sealed class LoopbackHub : HubAdmin, IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string dataFolder;

    private LoopbackHub(WebApplication app, string dataFolder) : base(app.Urls.First())
    {
        this.app = app;
        this.dataFolder = dataFolder;
        app.Services.GetRequiredService<HubOptions>().PublicBaseUrl = BaseUrl;
    }

    /// <summary>The hub's own temporary folder (its SQLite file, keys), deleted at the end.</summary>
    public string DataFolder => dataFolder;

    public T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>The hub on <paramref name="database"/>: its PostgreSQL database, or for SQLite its own file as always.</summary>
    public static Task<LoopbackHub> StartAsync(ScratchDatabase database) =>
        StartAsync(database.HubSettings);

    /// <param name="settings">More configuration, as <c>--Hub:Key=value</c> (e.g. a PostgreSQL connection string).</param>
    public static async Task<LoopbackHub> StartAsync(params string[] settings)
    {
        var dataFolder = NewDataFolder();
        var app = await HubApplication.BuildAsync(Arguments("http://127.0.0.1:0", dataFolder, settings), TextWriter.Null);
        await app.StartAsync();
        return new LoopbackHub(app, dataFolder);
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        DeleteDataFolder(dataFolder);
    }
}
