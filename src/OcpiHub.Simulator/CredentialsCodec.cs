using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using V211 = OcpiHub.Protocol.V211;
using V230 = OcpiHub.Protocol.V230;

namespace OcpiHub.Simulator;

/// <summary>What a handshake needs from the other side's credentials, whatever the version.</summary>
internal sealed record PeerCredentials(string Token, string VersionsUrl);

/// <summary>
/// The credentials object in each version: 2.1.1 carries one party flat, 2.2.1 and 2.3.0 a list of roles
/// (same model). The only place that knows the difference.
/// </summary>
internal static class CredentialsCodec
{
    public static Type ModelOf(OcpiVersion version) =>
        version == OcpiVersion.V211 ? typeof(V211.Credentials) : typeof(V230.Credentials);

    /// <summary>This partner's credentials: the token the other side is to call it with, and who it is.</summary>
    public static object Own(PartnerOptions options, string token, string versionsUrl)
    {
        if (options.Version == OcpiVersion.V211)
        {
            var party = options.Parties[0];
            return new V211.Credentials
            {
                Token = token,
                Url = versionsUrl,
                BusinessDetails = new BusinessDetails { Name = party.Name },
                PartyId = party.PartyId,
                CountryCode = party.CountryCode,
            };
        }
        return new V230.Credentials
        {
            Token = token,
            Url = versionsUrl,
            Roles = [.. options.Parties.Select(p => new V230.CredentialsRole
            {
                Role = Role.From(p.Role),
                BusinessDetails = new BusinessDetails { Name = p.Name },
                PartyId = p.PartyId,
                CountryCode = p.CountryCode,
            })],
        };
    }

    public static PeerCredentials Describe(object credentials) => credentials switch
    {
        V211.Credentials c => new(c.Token!, c.Url!),
        V230.Credentials c => new(c.Token!, c.Url!),
        _ => throw new ArgumentException($"{credentials.GetType()} is no credentials model", nameof(credentials)),
    };
}
