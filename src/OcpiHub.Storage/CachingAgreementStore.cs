using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>
/// Agreements held in memory: every push and GET asks which agreements a party has. A write through this node drops
/// the copy, so a suspended agreement stops data at once; a write through another node is seen by the shared state
/// version (<see cref="SharedStateVersion"/>), within a second, and at once by a writer that holds its objects
/// (<see cref="DataStore"/> reads the version with them): a push never decides its receivers by a copy older than its hold.
/// </summary>
public sealed class CachingAgreementStore(AgreementStore store, SharedStateVersion state) : IAgreementStore
{
    private readonly Cached<AgreementState> agreements = new(state, async cancellationToken => new AgreementState(await store.AllAsync(cancellationToken)));

    public Task AddAsync(Agreement agreement, IReadOnlyCollection<CatchUp>? catchUps = null, CancellationToken cancellationToken = default) =>
        agreements.WriteAsync(store.AddAsync(agreement, catchUps, cancellationToken));

    public Task<bool> UpdateAsync(Agreement agreement, AgreementStatus from, IReadOnlyCollection<CatchUp>? catchUps = null,
        CancellationToken cancellationToken = default) =>
        agreements.WriteAsync(store.UpdateAsync(agreement, from, catchUps, cancellationToken));

    public async Task<Agreement?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await agreements.GetAsync(cancellationToken)).All.FirstOrDefault(a => a.Id == id);

    public async Task<IReadOnlyList<Agreement>> AllAsync(CancellationToken cancellationToken = default) => (await agreements.GetAsync(cancellationToken)).All;

    public async Task<IReadOnlyList<Agreement>> ForPartyAsync(PartyKey party, CancellationToken cancellationToken = default) =>
        (await agreements.GetAsync(cancellationToken)).ForParty(party);


    /// <summary>All agreements, and those not ended by party (both sides), as one read of them.</summary>
    private sealed class AgreementState(IReadOnlyList<Agreement> all)
    {
        private readonly Dictionary<PartyKey, Agreement[]> byParty = all.Where(a => a.Status != AgreementStatus.Ended)
            .SelectMany(a => new[] { (Party: a.Cpo, Agreement: a), (Party: a.Emsp, Agreement: a) }.DistinctBy(x => x.Party))
            .GroupBy(x => x.Party, x => x.Agreement)
            .ToDictionary(g => g.Key, g => g.ToArray());

        public IReadOnlyList<Agreement> All => all;

        // The same array to every caller until the agreements change: a request reads its party's agreements without copying them.
        public IReadOnlyList<Agreement> ForParty(PartyKey party) => byParty.GetValueOrDefault(party, []);
    }
}
