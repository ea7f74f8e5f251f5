using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OcpiHub.Protocol;
using OcpiHub.Server.Hosting;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// The hub under load: built as the server builds it, on Kestrel on a free loopback port, on its own SQLite
/// file in a temporary folder (deleted at the end), with partners connected through its admin API.
/// </summary>
public sealed class LoopbackHub : IAsyncDisposable
{
    private const string AdminKey = "load-admin-key";

    private readonly WebApplication app;
    private readonly string dataFolder;
    private readonly HttpClient admin;

    private LoopbackHub(WebApplication app, string dataFolder)
    {
        this.app = app;
        this.dataFolder = dataFolder;
        BaseUrl = app.Urls.First().TrimEnd('/');
        app.Services.GetRequiredService<HubOptions>().PublicBaseUrl = BaseUrl;
        admin = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string BaseUrl { get; }

    /// <summary>The hub's own temporary folder (its SQLite file, keys), deleted at the end.</summary>
    public string DataFolder => dataFolder;

    public T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>The hub on <paramref name="database"/>: its PostgreSQL database, or for SQLite its own file as always.</summary>
    public static Task<LoopbackHub> StartAsync(ScratchDatabase database) =>
        StartAsync(database.HubSettings);

    /// <param name="settings">More configuration, as <c>--Hub:Key=value</c> (e.g. a PostgreSQL connection string).</param>
    public static async Task<LoopbackHub> StartAsync(params string[] settings)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "ocpihub-load", Guid.NewGuid().ToString("N"));
        // The load client is one platform at full speed: the hub's speed is measured here, not its rate limit.
        string[] args = ["--Hub:Listen=http://127.0.0.1:0", $"--Hub:DataFolder={dataFolder}", $"--Hub:AdminKey={AdminKey}", "--Logging:LogLevel:Default=Warning",
            "--Hub:AllowPrivatePartnerAddresses=true" /* the simulated partners listen on loopback */, "--Hub:RateLimit:Enabled=false", .. settings];
        var app = await HubApplication.BuildAsync(args, TextWriter.Null);
        await app.StartAsync();
        return new LoopbackHub(app, dataFolder);
    }

    /// <summary>The operator registers the partner's platform; the partner registers with the token A it got.</summary>
    public Task ConnectAsync(SimulatedPartner partner) => ConnectAsync(partner.Options.Parties[0], async (url, tokenA) => await partner.RegisterAsync(url, tokenA));

    /// <summary>
    /// The same for a partner reached some other way (<paramref name="register"/> takes the hub's versions URL and the
    /// token A and answers the partner's credentials answer); the hub's platform id.
    /// </summary>
    public async Task<string> ConnectAsync(SimulatedParty party, Func<string, string, Task<JsonNode>> register)
    {
        var registered = await AdminAsync(HttpMethod.Post, "admin/platforms", new { name = party.Name, role = party.Role, country_code = party.CountryCode, party_id = party.PartyId });
        var answer = await register(registered["versions_url"]!.GetValue<string>(), registered["token_a"]!.GetValue<string>());
        if (answer["status_code"]?.GetValue<int>() != 1000)
            throw new InvalidOperationException($"registration of {party.PartyId} failed: {answer.ToJsonString()}");
        return registered["id"]!.GetValue<string>();
    }

    public Task AgreeAsync(SimulatedParty cpo, SimulatedParty emsp) =>
        AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo = $"{cpo.CountryCode}*{cpo.PartyId}", emsp = $"{emsp.CountryCode}*{emsp.PartyId}" });

    /// <summary>Starts a simulated partner of one party and connects it.</summary>
    public async Task<SimulatedPartner> StartPartnerAsync(OcpiVersion version, SimulatedParty party)
    {
        var partner = await SimulatedPartner.StartAsync(new PartnerOptions { Version = version, Parties = [party] });
        await ConnectAsync(partner);
        return partner;
    }

    /// <summary>A call of the admin API that must succeed; its answer.</summary>
    public async Task<JsonNode> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        admin.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
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
