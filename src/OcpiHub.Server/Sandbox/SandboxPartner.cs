using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Sandbox;

/// <summary>One running sandbox partner: the simulated platform, the party it carries and its platform at the hub.</summary>
public sealed class SandboxPartner(SimulatedPartner partner, string role, PartyKey party)
{
    public SimulatedPartner Partner { get; } = partner;
    public OcpiVersion Version => Partner.Options.Version;
    public string Role { get; } = role;
    public PartyKey Party { get; } = party;
    public string Name => Partner.Options.Parties[0].Name;
    public bool IsCpo => Role == Core.Platforms.Party.Cpo;

    /// <summary>Its platform id at the hub, once connected.</summary>
    public string? PlatformId { get; set; }

    /// <summary>The ids of the Locations it owns (a CPO).</summary>
    public IReadOnlyList<string> LocationIds => [.. Partner.Sender("locations").All().Select(l => (string)l["id"]!)];

    /// <summary>Its own tokens (an eMSP), as its version writes them.</summary>
    public IReadOnlyList<JsonObject> OwnTokens => Partner.Sender("tokens").All();

    /// <summary>The tokens of eMSPs the hub gave it (a CPO): the ones it can charge.</summary>
    public IReadOnlyList<JsonObject> KnownTokens => Partner.Received("tokens");
}
