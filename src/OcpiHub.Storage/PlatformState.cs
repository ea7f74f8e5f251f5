using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>
/// Every platform, its parties and tokens as one read of them (<see cref="PlatformStore.StateAsync"/>), indexed for
/// the questions every OCPI request asks: who holds this token, which platform carries this party, which token
/// calls that platform.
/// </summary>
internal sealed class PlatformState
{
    private readonly Dictionary<string, Platform> byId;
    private readonly Dictionary<PartyKey, Platform> registeredByParty = [];
    private readonly Dictionary<string, (string PlatformId, TokenKind Kind)> inbound;
    private readonly Dictionary<string, string> outbound;

    public PlatformState(IReadOnlyList<Platform> all, Dictionary<string, (string PlatformId, TokenKind Kind)> inbound, Dictionary<string, string> outbound)
    {
        All = all;
        byId = all.ToDictionary(p => p.Id);
        // Registered as Platform.IsRegistered says: an unregistered platform carries nothing.
        foreach (var platform in all.Where(p => p.IsRegistered))
        {
            foreach (var party in platform.Parties)
                registeredByParty.TryAdd(party.Key, platform);
        }
        (this.inbound, this.outbound) = (inbound, outbound);
    }

    public IReadOnlyList<Platform> All { get; }

    public Platform? Find(string id) => byId.GetValueOrDefault(id);

    public Platform? FindByParty(PartyKey party) => registeredByParty.GetValueOrDefault(party);

    /// <summary>The platform of an inbound token by its hash (looked up by the hash itself, as the database did).</summary>
    public (Platform Platform, TokenKind Kind)? Authenticate(string tokenHash) =>
        inbound.TryGetValue(tokenHash, out var token) && byId.TryGetValue(token.PlatformId, out var platform) ? (platform, token.Kind) : null;

    public string? OutboundToken(string platformId) => outbound.GetValueOrDefault(platformId);
}
