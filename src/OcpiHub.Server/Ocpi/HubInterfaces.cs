using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Server.Ocpi;

/// <summary>A module interface the hub serves: module, the hub's role in it, and the versions that have it.</summary>
public sealed record HubInterface(string Module, InterfaceRole Role, OcpiVersion Since = OcpiVersion.V211);

/// <summary>
/// Which module endpoints the hub lists in its version details. 2.2.1+ endpoints carry their role. 2.1.1
/// endpoints carry none, so a 2.1.1 partner is shown the side it talks to: a CPO the hub's eMSP-side interfaces,
/// an eMSP the CPO-side ones (product spec, section 1; reference 3.10).
/// </summary>
public static class HubInterfaces
{
    /// <summary>Modules whose data a CPO owns: their CPO side is the Sender. For the others (tokens, commands, chargingprofiles) it is the Receiver.</summary>
    private static readonly HashSet<string> CpoOwned = ["locations", "sessions", "cdrs", "tariffs"];

    public static IReadOnlyList<HubInterface> Served { get; } =
    [
        new("credentials", InterfaceRole.Sender),
        new("hubclientinfo", InterfaceRole.Sender, OcpiVersion.V221),
        new("locations", InterfaceRole.Sender),
        new("locations", InterfaceRole.Receiver),
        new("tariffs", InterfaceRole.Sender),
        new("tariffs", InterfaceRole.Receiver),
        new("tokens", InterfaceRole.Sender),
        new("tokens", InterfaceRole.Receiver),
        new("sessions", InterfaceRole.Sender),
        new("sessions", InterfaceRole.Receiver),
        new("cdrs", InterfaceRole.Sender),
        new("cdrs", InterfaceRole.Receiver),
        new("commands", InterfaceRole.Receiver),
        new("commands", InterfaceRole.Sender),
        new("chargingprofiles", InterfaceRole.Receiver, OcpiVersion.V221),
        new("chargingprofiles", InterfaceRole.Sender, OcpiVersion.V221),
    ];

    /// <summary>The path of an interface under <c>/ocpi/{version}</c>: the module, and its side where a module has two.</summary>
    public static string PathOf(HubInterface hubInterface, IReadOnlyList<HubInterface> all) =>
        all.Count(i => i.Module == hubInterface.Module) > 1
            ? $"{hubInterface.Role.Value.ToLowerInvariant()}/{hubInterface.Module}"
            : hubInterface.Module;

    /// <summary>The interfaces a partner of <paramref name="version"/> (and, for 2.1.1, of <paramref name="partnerRole"/>) sees.</summary>
    public static IReadOnlyList<HubInterface> For(OcpiVersion version, string? partnerRole, IReadOnlyList<HubInterface> all)
    {
        var inVersion = all.Where(i => i.Since <= version).ToList();
        if (version != OcpiVersion.V211)
            return inVersion;
        return inVersion
            .Where(i => inVersion.Count(o => o.Module == i.Module) == 1 || i.Role == SideFacing(i.Module, partnerRole))
            .ToList();
    }

    /// <summary>The hub's role in <paramref name="module"/> when it faces a partner of <paramref name="partnerRole"/>.</summary>
    private static InterfaceRole SideFacing(string module, string? partnerRole)
    {
        var cpoSide = CpoOwned.Contains(module) ? InterfaceRole.Sender : InterfaceRole.Receiver;
        var emspSide = cpoSide == InterfaceRole.Sender ? InterfaceRole.Receiver : InterfaceRole.Sender;
        // A CPO talks to the hub's eMSP side; an eMSP (or any other role) to its CPO side.
        return partnerRole == Core.Platforms.Party.Cpo ? emspSide : cpoSide;
    }
}
