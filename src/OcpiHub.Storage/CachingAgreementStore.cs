using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>
/// Agreements held in memory: every push and GET asks which agreements a party has. Every write goes through
/// here and drops the copy, so a suspended agreement stops data at once.
/// </summary>
public sealed class CachingAgreementStore(AgreementStore store) : IAgreementStore
{
    private readonly Cached<Agreement> agreements = new(store.AllAsync);

    public async Task AddAsync(Agreement agreement, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.AddAsync(agreement, cancellationToken);
        }
        finally
        {
            agreements.Invalidate();
        }
    }

    public async Task UpdateAsync(Agreement agreement, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.UpdateAsync(agreement, cancellationToken);
        }
        finally
        {
            agreements.Invalidate();
        }
    }

    public async Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await agreements.GetAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);

    public Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default) => agreements.GetAsync(cancellationToken);

    public async Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default) =>
        (await agreements.GetAsync(cancellationToken)).Where(a => a.Involves(party) && a.Status != AgreementStatus.Ended).ToList();
}
