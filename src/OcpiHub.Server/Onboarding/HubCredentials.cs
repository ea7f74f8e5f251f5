using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Onboarding;

/// <summary>
/// The hub's own credentials object, per version (product spec, section 2): 2.1.1 one party with the hub's
/// identity; 2.2.1 a single HUB role; 2.3.0 <c>hub_party_id</c> and the parties reachable through the hub.
/// </summary>
public sealed class HubCredentials(HubOptions hub, IPlatformStore platforms)
{
    public string VersionsUrl => $"{hub.BaseUrl}/ocpi/versions";

    public async Task<object> ForAsync(OcpiVersion version, string token, string? partnerPlatformId, CancellationToken cancellationToken = default)
    {
        var business = new BusinessDetails { Name = hub.Name };
        return version switch
        {
            OcpiVersion.V211 => new Protocol.V211.Credentials
            {
                Token = token, Url = VersionsUrl, BusinessDetails = business, CountryCode = hub.CountryCode, PartyId = hub.PartyId,
            },
            OcpiVersion.V221 => new Protocol.V230.Credentials
            {
                Token = token, Url = VersionsUrl,
                Roles = [new() { Role = new Role("HUB"), BusinessDetails = business, CountryCode = hub.CountryCode, PartyId = hub.PartyId }],
            },
            _ => new Protocol.V230.Credentials
            {
                Token = token, Url = VersionsUrl, HubPartyId = hub.CountryCode + hub.PartyId,
                Roles = await ReachablePartiesAsync(partnerPlatformId, business, cancellationToken),
            },
        };
    }

    /// <summary>
    /// 2.3.0 lists the parties reachable through the hub: those of the other connected platforms. Credentials
    /// need at least one role, so a hub with no one else connected yet lists itself as OTHER.
    /// </summary>
    private async Task<IReadOnlyList<Protocol.V230.CredentialsRole>> ReachablePartiesAsync(string? partnerPlatformId, BusinessDetails hubBusiness, CancellationToken cancellationToken)
    {
        var reachable = (await platforms.AllAsync(cancellationToken))
            .Where(p => p.Id != partnerPlatformId && p.IsRegistered)
            .SelectMany(p => p.Parties)
            .Select(p => new Protocol.V230.CredentialsRole
            {
                Role = new Role(p.Role), CountryCode = p.Key.CountryCode, PartyId = p.Key.PartyId,
                BusinessDetails = new() { Name = p.Name ?? p.Key.ToString() },
            })
            .ToList();
        return reachable.Count > 0
            ? reachable
            : [new() { Role = Role.Other, BusinessDetails = hubBusiness, CountryCode = hub.CountryCode, PartyId = hub.PartyId }];
    }
}
