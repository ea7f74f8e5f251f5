using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Data;

/// <summary>The name a party gave in its credentials (business details), for the 2.1.1 back-ports.</summary>
public sealed class OwnerNames(IPlatformStore platforms)
{
    public async Task<string?> OfAsync(PartyKey owner, CancellationToken cancellationToken) =>
        (await platforms.FindByPartyAsync(owner, cancellationToken))?.Parties.FirstOrDefault(p => p.Key == owner)?.Name;
}
