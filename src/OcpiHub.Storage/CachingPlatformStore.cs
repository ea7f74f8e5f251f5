using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>
/// Platforms, their parties and tokens held in memory: every OCPI request asks whose token it carries, who a party
/// is and which platform carries it, and reading that from the database each time cost most of a request (S2, S4
/// in docs/benchmarks.md). A write through this node drops the copy at once; a write through another node is seen
/// by the shared state version (<see cref="SharedStateVersion"/>). Last-seen times are not part of the copy's
/// truth: <see cref="LastSeenAsync"/> reads them as stored.
/// </summary>
public sealed class CachingPlatformStore(PlatformStore store, SharedStateVersion state) : IPlatformStore
{
    private readonly Cached<PlatformState> platforms = new(state, store.StateAsync);

    public async Task<Platform?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).Find(id);

    public async Task<IReadOnlyList<Platform>> AllAsync(CancellationToken cancellationToken = default) => (await platforms.GetAsync(cancellationToken)).All;

    public async Task<Platform?> FindByPartyAsync(PartyKey party, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).FindByParty(party);

    public async Task<(Platform Platform, TokenKind Kind)?> AuthenticateAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).Authenticate(tokenHash);

    public async Task<string?> OutboundTokenAsync(string platformId, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).OutboundToken(platformId);

    public Task SaveAsync(Platform platform, TokenChanges tokens, string? correlationId = null, CancellationToken cancellationToken = default) =>
        platforms.WriteAsync(store.SaveAsync(platform, tokens, correlationId, cancellationToken));

    public Task<(Platform Before, Platform After)?> UpdateAsync(string id, Func<Platform, Platform?> change, TokenChanges tokens,
        string? correlationId = null, CancellationToken cancellationToken = default) =>
        platforms.WriteAsync(store.UpdateAsync(id, change, tokens, correlationId, cancellationToken));

    public Task DeleteAsync(string id, string? correlationId = null, CancellationToken cancellationToken = default) =>
        platforms.WriteAsync(store.DeleteAsync(id, correlationId, cancellationToken));

    /// <summary>Last-seen times change nothing a request decides by: the copy is kept.</summary>
    public Task TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> seen, CancellationToken cancellationToken = default) =>
        store.TouchAsync(seen, cancellationToken);

    public Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSeenAsync(CancellationToken cancellationToken = default) =>
        store.LastSeenAsync(cancellationToken);

    public Task<IReadOnlyDictionary<PartyKey, Core.Agreements.DataStop>> StandingsChangedAsync(CancellationToken cancellationToken = default) =>
        store.StandingsChangedAsync(cancellationToken);
}
