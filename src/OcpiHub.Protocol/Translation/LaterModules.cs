using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// Endpoints of modules a later version added (chargingprofiles and hubclientinfo for 2.1.1, payments for both
/// older versions) mean nothing to an older peer: they are left out and reported. Custom modules stay.
/// </summary>
public static class LaterModules
{
    public static IReadOnlyList<Endpoint> Without(IReadOnlyList<Endpoint> endpoints, OcpiVersion to, TranslationContext context)
    {
        var later = endpoints.Where(e => e.Identifier is { } id && !ModuleId.Domain.Defines(id.Value, to) && ModuleId.Domain.Defines(id.Value, OcpiVersion.V230)).ToArray();
        if (later.Length == 0)
            return endpoints;
        context.Lost(nameof(VersionDetails), "endpoints", OcpiVersion.V230, to,
            $"{string.Join(", ", later.Select(e => e.Identifier).Distinct())} dropped: module(s) added after {to.ToWire()}");
        return endpoints.Except(later).ToArray();
    }
}
