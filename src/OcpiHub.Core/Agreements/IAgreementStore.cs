using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Agreements;

public interface IAgreementStore
{
    /// <summary>Stores a new agreement and, in the same transaction, starts <paramref name="catchUps"/> (<see cref="ICatchUpStore"/>).</summary>
    /// <exception cref="AgreementExistsException">The two parties already have an agreement that has not ended.</exception>
    Task AddAsync(Agreement agreement, IReadOnlyCollection<CatchUp>? catchUps = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an agreement's new status and, in the same transaction, starts <paramref name="catchUps"/>, if it still
    /// has the status <paramref name="from"/> (another node, or a request alongside, may have changed it); false when not.
    /// </summary>
    Task<bool> UpdateAsync(Agreement agreement, AgreementStatus from, IReadOnlyCollection<CatchUp>? catchUps = null, CancellationToken cancellationToken = default);
    Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Agreements (of any status but ended) that involve <paramref name="party"/>.</summary>
    Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default);
}
