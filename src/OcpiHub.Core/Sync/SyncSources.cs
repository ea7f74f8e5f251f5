using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Sync;

/// <summary>A module the hub pulls from a platform, at the platform's sender endpoint of it.</summary>
public sealed record SyncSource(DataModule Module, string Url);

public static class SyncSources
{
    /// <summary>
    /// The modules the platform owns and exposes as a sender: a CPO's Locations, Tariffs, Sessions and CDRs, an
    /// eMSP's Tokens. A 2.2.1+ platform names its SENDER endpoints; a 2.1.1 platform's endpoints carry no role, so
    /// its registered role tells which interface it offers.
    /// </summary>
    public static IReadOnlyList<SyncSource> Of(Platform platform)
    {
        var roles = platform.PartiesOrDeclared.Select(p => p.Role).ToHashSet();
        var sources = new List<SyncSource>();
        foreach (var module in DataModules.All.Where(m => roles.Contains(m.OwnerRole())))
        {
            if (platform.Endpoints.FirstOrDefault(e => e.Identifier == module.Identifier() && IsSender(e, platform.Version)) is { } endpoint)
                sources.Add(new(module, endpoint.Url));
        }
        return sources;
    }

    // A 2.1.1 endpoint has no role (or the one translation implied for the platform's role).
    private static bool IsSender(PartnerEndpoint endpoint, OcpiVersion? version) =>
        endpoint.Role == "SENDER" || (version == OcpiVersion.V211 && endpoint.Role is null);
}
