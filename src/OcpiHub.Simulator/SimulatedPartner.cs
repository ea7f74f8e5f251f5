using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Simulator;

/// <summary>
/// A simulated OCPI platform (CPO, eMSP, …) on Kestrel on loopback: it serves versions, credentials,
/// hubclientinfo and records every module request; it also registers with a hub and calls it.
/// </summary>
public sealed partial class SimulatedPartner : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http;
    private readonly PartnerContext partner;

    private SimulatedPartner(WebApplication app, HttpClient http, PartnerContext partner)
    {
        this.app = app;
        this.http = http;
        this.partner = partner;
    }

    /// <summary>Starts the partner on 127.0.0.1 on a free port.</summary>
    public static async Task<SimulatedPartner> StartAsync(PartnerOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();

        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var partner = new PartnerContext(options, new OcpiClient(http, options));
        builder.Services.AddSingleton(partner);

        var app = builder.Build();
        app.UsePartnerPipeline(partner);
        await app.StartAsync(cancellationToken);
        partner.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single().TrimEnd('/');
        return new SimulatedPartner(app, http, partner);
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string BaseUrl => partner.BaseUrl;

    /// <summary>Its version information endpoint.</summary>
    public string VersionsUrl => partner.VersionsUrl;

    /// <summary>Its version details endpoint (module URLs are below it).</summary>
    public string VersionUrl => partner.VersionUrl();

    public PartnerOptions Options => partner.Options;

    /// <summary>The partner carries <paramref name="parties"/> from now on: its next credentials exchange tells the hub so.</summary>
    public void Carry(params SimulatedParty[] parties) => partner.Options = partner.Options with { Parties = parties };

    /// <summary>A token A the hub may use to register with this partner; valid until a registration uses it.</summary>
    public string IssueTokenA() => partner.Credentials.IssueTokenA();

    /// <summary>The token the hub must now use to call this partner; null before a handshake.</summary>
    public string? TokenToCallPartner => partner.Credentials.PartnerToken;

    /// <summary>The token this partner uses to call the hub; null before a handshake.</summary>
    public string? TokenToCallHub => partner.Credentials.Hub?.Token;

    /// <summary>The hub's versions URL as its credentials gave it; null before a handshake.</summary>
    public string? HubVersionsUrl => partner.Credentials.Hub?.VersionsUrl;

    /// <summary>The hub's token, versions URL and module endpoints; null before a handshake.</summary>
    public HubConnection? Hub => partner.Credentials.Hub;

    /// <summary>Every request received, in order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => partner.Log.Snapshot();

    /// <summary>The ClientInfo objects the hub pushed (2.2.1+).</summary>
    public IReadOnlyList<ClientInfo> ClientInfos => [.. partner.ClientInfos.Values];

    /// <summary>
    /// The objects (and page faults) of a sender interface it serves page by page: locations, tariffs, sessions,
    /// cdrs (CPO) or tokens (eMSP). Served at the module's advertised URL when its role sends the module.
    /// </summary>
    public SimulatedSender Sender(string module) => SimulatedSender.Modules.Contains(module)
        ? partner.Sender(module)
        : throw new ArgumentException($"{module} is not listed page by page", nameof(module));

    /// <summary>How it answers real-time authorizations of its tokens, per uid (an eMSP); an unknown uid is answered 404 + 2004.</summary>
    public SimulatedAuthorizations Authorizations => partner.Authorizations;

    /// <summary>
    /// Scripts answers to module requests (any path but versions, credentials and hubclientinfo); a null
    /// return falls back to the empty success. Called on Kestrel threads.
    /// </summary>
    public Func<RecordedRequest, SimulatedResponse?>? ModuleResponder
    {
        get => partner.ModuleResponder;
        set => partner.ModuleResponder = value;
    }

    /// <summary>
    /// Its commands: as a CPO how it answers a command and posts the result (<see cref="SimulatedCommands"/>), and
    /// the results it posted.
    /// </summary>
    public SimulatedCommands Commands => partner.Commands;

    /// <summary>An eMSP's own <c>response_url</c> for a command: below its commands endpoint, where it records what arrives.</summary>
    public string ResponseUrl(string command, string id) => $"{VersionUrl}/commands/{command}/{id}";

    /// <summary>The results that arrived at this eMSP's response URLs (<see cref="ResponseUrl"/>), in order.</summary>
    public IReadOnlyList<RecordedRequest> CommandResults => [.. Requests.Where(r => r.Method == "POST" && r.Path.Split('/').Reverse().Skip(2).FirstOrDefault() == "commands")];

    /// <summary>Posts a command result to <paramref name="url"/> as this partner (a result after a restart, a stray one).</summary>
    public Task<PostedResult> PostCommandResultAsync(string url, string body, params (string Name, string Value)[] headers) =>
        CommandEndpoints.PostResultAsync(partner, url, body, headers);

    /// <summary>
    /// As a CPO, PUTs an ActiveChargingProfile of <paramref name="sessionId"/> to the hub's Charging Profiles sender
    /// interface (the CPO's update of the profile in force); the answer is recorded with the posted results.
    /// </summary>
    public Task<PostedResult> PutActiveChargingProfileAsync(string sessionId, string body, params (string Name, string Value)[] headers)
    {
        var url = Hub?.EndpointUrl("chargingprofiles", "SENDER") ?? throw new InvalidOperationException("the hub lists no chargingprofiles sender interface");
        return CommandEndpoints.SendAsync(partner, HttpMethod.Put, $"{url.TrimEnd('/')}/{Uri.EscapeDataString(sessionId)}", body, headers);
    }

    /// <summary>The ActiveChargingProfile updates that arrived at this eMSP's Charging Profiles sender interface, in order.</summary>
    public IReadOnlyList<RecordedRequest> ChargingProfileUpdates =>
        [.. Requests.Where(r => r.Method == "PUT" && r.Path.Split('/').Reverse().Skip(1).FirstOrDefault() == "chargingprofiles")];

    /// <summary>Delays every answer to a module request (a receiver that hangs); the request is recorded on arrival.</summary>
    public TimeSpan ModuleResponseDelay
    {
        get => partner.ModuleResponseDelay;
        set => partner.ModuleResponseDelay = value;
    }

    /// <summary>Holds every answer to a module request until <c>value</c> completes, or answers at once again (null).</summary>
    public Task? ModulesHeldUntil
    {
        get => partner.ModulesHeldUntil;
        set => partner.ModulesHeldUntil = value;
    }

    /// <summary>Holds every answer to a versions request until <c>value</c> completes, or answers at once again (null); the request is recorded on arrival.</summary>
    public Task? VersionsHeldUntil
    {
        get => partner.VersionsHeldUntil;
        set => partner.VersionsHeldUntil = value;
    }

    /// <summary>Makes it answer the other side's credentials POST or PUT wrongly (after checking the caller's API), or properly again.</summary>
    public CredentialsFault CredentialsFault
    {
        get => partner.CredentialsFault;
        set => partner.CredentialsFault = value;
    }

    /// <summary>Makes it answer its version details with <c>value</c> as their data (malformed details), or properly again (null).</summary>
    public System.Text.Json.Nodes.JsonNode? VersionDetailsData
    {
        get => partner.VersionDetailsData;
        set => partner.VersionDetailsData = value;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        http.Dispose();
    }
}
