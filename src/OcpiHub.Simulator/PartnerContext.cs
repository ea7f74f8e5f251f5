using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OcpiHub.Protocol;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Simulator;

/// <summary>Everything one simulated partner holds, shared by its endpoints (through DI) and its public API.</summary>
internal sealed class PartnerContext(PartnerOptions options, OcpiClient client)
{
    public PartnerOptions Options { get; set; } = options;
    public OcpiClient Client { get; } = client;
    public CredentialsState Credentials { get; } = new();
    public RequestLog Log { get; } = new(options.RequestLogLimit);
    public SimulatedCommands Commands { get; } = new();

    /// <summary>ClientInfo objects the hub pushed, by (country code, party id) in upper case.</summary>
    public ConcurrentDictionary<(string CountryCode, string PartyId), ClientInfo> ClientInfos { get; } = new();

    private readonly ConcurrentDictionary<string, SimulatedSender> senders = new();

    /// <summary>The objects of one of its sender interfaces.</summary>
    public SimulatedSender Sender(string module) => senders.GetOrAdd(module, m => new SimulatedSender(m));

    /// <summary>How it answers real-time authorizations of its tokens (an eMSP).</summary>
    public SimulatedAuthorizations Authorizations { get; } = new();

    /// <summary>Answers module requests instead of the default empty success, when it returns non-null.</summary>
    public Func<RecordedRequest, SimulatedResponse?>? ModuleResponder { get; set; }

    /// <summary>How the partner answers the other side's credentials POST or PUT; <see cref="CredentialsFault.None"/> by default.</summary>
    public CredentialsFault CredentialsFault { get; set; }

    /// <summary>The data it answers its version details with instead of its endpoints (a partner whose details are malformed); null by default.</summary>
    public System.Text.Json.Nodes.JsonNode? VersionDetailsData { get; set; }

    /// <summary>Versions requests are answered once this completes (a partner slow to answer); null: at once.</summary>
    public Task? VersionsHeldUntil { get; set; }

    /// <summary>Module requests are answered once this completes (a receiver that hangs until let go); null: at once.</summary>
    public Task? ModulesHeldUntil { get; set; }

    /// <summary>How long module requests wait before they are answered (a slow partner); zero by default.</summary>
    public TimeSpan ModuleResponseDelay { get; set; }

    /// <summary>Answers every request HTTP 503 while true (a partner whose system is down).</summary>
    public volatile bool Unavailable;

    /// <summary>Known once Kestrel listens, before anyone can call.</summary>
    public string BaseUrl { get; set; } = "";

    public string VersionsUrl => $"{BaseUrl}/ocpi/versions";
    public string VersionUrl(string version) => $"{BaseUrl}/ocpi/{version}";
    public string VersionUrl() => VersionUrl(Options.Version.ToWire());

    public static PartnerContext Of(HttpContext http) => http.RequestServices.GetRequiredService<PartnerContext>();
}
