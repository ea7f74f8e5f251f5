using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data;

/// <summary>The name a party gave in its credentials (business details), for the 2.1.1 back-ports.</summary>
public sealed class OwnerNames(IPlatformStore platforms)
{
    /// <summary>
    /// The name <paramref name="owner"/> gave in the role that owns <paramref name="module"/>'s objects: one id may be a
    /// CPO and an eMSP under two names, and a Location carries the CPO's.
    /// </summary>
    public async Task<string?> OfAsync(PartyKey owner, DataModule module, CancellationToken cancellationToken) =>
        (await platforms.FindByPartyAsync(owner, cancellationToken))?.Parties
        .FirstOrDefault(p => p.Key == owner && Router.IsRole(p.Role, module.OwnerRole()))?.Name;
}
