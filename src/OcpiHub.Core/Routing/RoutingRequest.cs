using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Routing;

/// <summary>What the endpoint knows of a request before it reads the body.</summary>
/// <param name="Caller">The authenticated platform.</param>
/// <param name="Version">The OCPI version of the path the request came in on.</param>
/// <param name="UrlOwner">The country_code/party_id of a push URL; null where the URL carries none (CDR POST).</param>
/// <param name="From">OCPI-from-country-code and OCPI-from-party-id; null when absent (the endpoint refuses them half-sent or malformed).</param>
/// <param name="To">OCPI-to-country-code and OCPI-to-party-id; null when absent.</param>
/// <param name="Hub">The hub's own identity.</param>
public sealed record RoutingRequest(
    Platform Caller,
    DataModule Module,
    RequestKind Kind,
    OcpiVersion Version,
    PartyKey? UrlOwner,
    PartyKey? From,
    PartyKey? To,
    PartyKey Hub);

/// <summary>What the hub knows of the world at the moment of the request.</summary>
/// <param name="KnownParties">
/// Every party of every registered platform, with every role it plays: one country code and party id may be a CPO
/// and an eMSP (OCPI 2.2.1 credentials list each role of a platform apart).
/// </param>
/// <param name="ActiveAgreements">The active roaming agreements, as (CPO, eMSP) pairs.</param>
public sealed record RoutingFacts(
    IReadOnlyDictionary<PartyKey, IReadOnlyList<string>> KnownParties,
    IReadOnlySet<(PartyKey Cpo, PartyKey Emsp)> ActiveAgreements)
{
    /// <summary>The parties the hub knows in <paramref name="role"/>.</summary>
    public IReadOnlyList<PartyKey> PartiesIn(string role) =>
        KnownParties.Where(p => Router.PlaysRole(p.Value, role)).Select(p => p.Key).ToList();
}
