using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Agreements;

public interface IAgreementStore
{
    Task AddAsync(Agreement agreement, CancellationToken cancellationToken = default);
    Task UpdateAsync(Agreement agreement, CancellationToken cancellationToken = default);
    Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Agreements (of any status but ended) that involve <paramref name="party"/>.</summary>
    Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default);
}
