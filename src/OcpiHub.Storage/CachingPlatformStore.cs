using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>
/// Platforms and their parties held in memory: every OCPI request asks who a party is and which platform carries
/// it, and reading that from the database each time cost most of a request (S2, S4 in docs/benchmarks.md).
/// Every write goes through here and drops the copy. Tokens are still checked against the database.
/// </summary>
public sealed class CachingPlatformStore(PlatformStore store) : IPlatformStore
{
    private readonly Cached<Platform> platforms = new(store.AllAsync);

    public async Task<Platform?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).FirstOrDefault(p => p.Id == id);

    public Task<IReadOnlyList<Platform>> AllAsync(CancellationToken cancellationToken = default) => platforms.GetAsync(cancellationToken);

    public async Task<Platform?> FindByPartyAsync(PartyKey party, CancellationToken cancellationToken = default) =>
        (await platforms.GetAsync(cancellationToken)).FirstOrDefault(p => p.IsRegistered && p.Parties.Any(x => x.Key == party));

    public Task<(Platform Platform, TokenKind Kind)?> AuthenticateAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        store.AuthenticateAsync(tokenHash, cancellationToken);

    public Task<string?> OutboundTokenAsync(string platformId, CancellationToken cancellationToken = default) =>
        store.OutboundTokenAsync(platformId, cancellationToken);

    public Task SaveAsync(Platform platform, TokenChanges tokens, CancellationToken cancellationToken = default) =>
        WriteAsync(store.SaveAsync(platform, tokens, cancellationToken));

    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => WriteAsync(store.DeleteAsync(id, cancellationToken));

    public Task TouchAsync(string platformId, DateTimeOffset seenAt, CancellationToken cancellationToken = default) =>
        WriteAsync(store.TouchAsync(platformId, seenAt, cancellationToken));

    private async Task WriteAsync(Task write)
    {
        try
        {
            await write;
        }
        finally
        {
            platforms.Invalidate();
        }
    }
}
