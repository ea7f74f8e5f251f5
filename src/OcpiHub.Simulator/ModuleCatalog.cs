using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Simulator;

/// <summary>
/// The module endpoints a simulated platform advertises, derived from its parties' roles (or an explicit list
/// of identifiers) and its version. Data owners send, the others receive (spec, "typical role" table).
/// </summary>
internal static class ModuleCatalog
{
    private const string Sender = "SENDER";
    private const string Receiver = "RECEIVER";

    private static readonly (string PartyRole, string Module, string Interface)[] InterfacesByRole =
    [
        ("CPO", "locations", Sender), ("CPO", "sessions", Sender), ("CPO", "cdrs", Sender), ("CPO", "tariffs", Sender),
        ("CPO", "tokens", Receiver), ("CPO", "commands", Receiver), ("CPO", "chargingprofiles", Receiver),
        ("EMSP", "locations", Receiver), ("EMSP", "sessions", Receiver), ("EMSP", "cdrs", Receiver), ("EMSP", "tariffs", Receiver),
        ("EMSP", "tokens", Sender), ("EMSP", "commands", Sender), ("EMSP", "chargingprofiles", Sender),
        ("NSP", "locations", Receiver), ("NSP", "tariffs", Receiver),
        ("NAP", "locations", Receiver),
        ("SCSP", "sessions", Receiver), ("SCSP", "chargingprofiles", Sender),
    ];

    /// <summary>The endpoints of version details, each URL below <paramref name="versionUrl"/>.</summary>
    public static IReadOnlyList<Endpoint> Endpoints(PartnerOptions options, string versionUrl)
    {
        var interfaces = Interfaces(options);
        if (options.Version == OcpiVersion.V211)
            return [.. interfaces.Select(i => i.Module).Distinct().Select(m => Endpoint(m, null, $"{versionUrl}/{Prefix(m, options)}{m}"))];

        return [.. interfaces.Select(i => Endpoint(i.Module, i.Interface, UrlOf(i, interfaces, versionUrl, options)))];
    }

    /// <summary>The paginated sender module whose list is at <paramref name="path"/>, or null.</summary>
    public static string? SenderListAt(PartnerOptions options, string versionUrl, string path)
    {
        var sent = Interfaces(options).Where(i => i.Interface == Sender).Select(i => i.Module).ToHashSet();
        return Endpoints(options, versionUrl)
            .Where(e => (e.Role is null || e.Role.Value.Value == Sender) && sent.Contains(e.Identifier!.Value.Value))
            .Where(e => SimulatedSender.Modules.Contains(e.Identifier!.Value.Value) && new Uri(e.Url!).AbsolutePath == path)
            .Select(e => e.Identifier!.Value.Value)
            .FirstOrDefault();
    }

    // A module offered on both interfaces (a CPO+eMSP platform) needs two URLs; otherwise the plain one.
    private static string UrlOf((string Module, string Interface) entry, IReadOnlyList<(string Module, string Interface)> all, string versionUrl,
        PartnerOptions options) =>
        all.Count(i => i.Module == entry.Module) > 1
            ? $"{versionUrl}/{Prefix(entry.Module, options)}{entry.Interface.ToLowerInvariant()}/{entry.Module}"
            : $"{versionUrl}/{Prefix(entry.Module, options)}{entry.Module}";

    // Credentials and HubClientInfo have routes of their own; the data modules are answered at any path.
    private static string Prefix(string module, PartnerOptions options) =>
        module is "credentials" or "hubclientinfo" || options.ModulePathPrefix.Length == 0 ? "" : options.ModulePathPrefix.TrimEnd('/') + "/";

    private static IReadOnlyList<(string Module, string Interface)> Interfaces(PartnerOptions options)
    {
        var modules = options.Modules ?? DefaultModules(options);
        return [.. modules.SelectMany(module => InterfacesOf(module, options)).Distinct()];
    }

    private static List<string> DefaultModules(PartnerOptions options)
    {
        var modules = new List<string> { "credentials" };
        if (options.Version >= OcpiVersion.V221)
            modules.Add("hubclientinfo");
        modules.AddRange(InterfacesByRole
            .Where(i => options.Parties.Any(p => p.Role == i.PartyRole) && ModuleId.Domain.Defines(i.Module, options.Version))
            .Select(i => i.Module));
        return modules;
    }

    // Credentials has one endpoint (spec advice: publish SENDER); hubclientinfo is received from the hub;
    // an identifier no role of this platform uses (a custom module) is taken as received.
    private static IEnumerable<(string Module, string Interface)> InterfacesOf(string module, PartnerOptions options)
    {
        if (module == "credentials")
            return [(module, Sender)];
        if (module == "hubclientinfo")
            return [(module, Receiver)];
        var byRole = InterfacesByRole
            .Where(i => i.Module == module && options.Parties.Any(p => p.Role == i.PartyRole))
            .Select(i => (module, i.Interface))
            .ToList();
        return byRole.Count > 0 ? byRole : [(module, Receiver)];
    }

    private static Endpoint Endpoint(string module, string? role, string url) => new()
    {
        Identifier = ModuleId.From(module),
        Role = role is null ? null : InterfaceRole.From(role),
        Url = url,
    };
}
