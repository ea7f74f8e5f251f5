using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// A running hub as its operator and partners reach it: its base URL and its admin API (platforms registered,
/// partners connected through the credentials handshake, agreements made). The hub runs in the driver's process
/// (<see cref="LoopbackHub"/>) or in a process of its own (<see cref="HubProcess"/>).
/// </summary>
public abstract class HubAdmin : IDisposable
{
    protected const string AdminKey = "load-test-admin-key";

    private readonly HttpClient admin;

    protected HubAdmin(string baseUrl)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        admin = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public string BaseUrl { get; }

    /// <summary>
    /// The command line of a hub under load on <paramref name="listen"/> with its data in <paramref name="dataFolder"/>,
    /// then <paramref name="settings"/> (as <c>--Hub:Key=value</c>).
    /// </summary>
    protected static string[] Arguments(string listen, string dataFolder, string[] settings) =>
    [
        $"--Hub:Listen={listen}", $"--Hub:DataFolder={dataFolder}", $"--Hub:AdminKey={AdminKey}", "--Logging:LogLevel:Default=Warning",
        "--Hub:AllowPrivatePartnerAddresses=true" /* the simulated partners listen on loopback */,
        "--Hub:RateLimit:Enabled=false" /* each load client is one platform at full speed: the hub's speed is measured, not its rate limit */,
        .. settings,
    ];

    /// <summary>A new folder for a hub's data (its SQLite file, keys) under the system's temporary folder.</summary>
    protected static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "ocpihub-load", Guid.NewGuid().ToString("N"));

    /// <summary>Removes a hub's data folder once the hub is gone.</summary>
    protected static void DeleteDataFolder(string dataFolder)
    {
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // An SQLite file still held by a pooled connection; the temp folder is cleaned by the system.
        }
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
    public async Task<SimulatedPartner> StartPartnerAsync(OcpiVersion version, SimulatedParty party) =>
        await StartPartnerAsync(new PartnerOptions { Version = version, Parties = [party] });

    /// <summary>Starts a simulated partner and connects it by its first party.</summary>
    public async Task<SimulatedPartner> StartPartnerAsync(PartnerOptions options)
    {
        var partner = await SimulatedPartner.StartAsync(options);
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

    public virtual void Dispose()
    {
        admin.Dispose();
        GC.SuppressFinalize(this);
    }
}
