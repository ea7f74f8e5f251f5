using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data;

/// <summary>
/// A change decided before its transaction opens, against the copy of its object read then and the receivers as the
/// node knew them at <paramref name="StateVersion"/>, so that the transaction, which holds the object against every other
/// writer (on SQLite, the one writer of the node), only checks and writes.
/// It is written as decided when the transaction finds the same copy and no newer shared state: deciding there would
/// decide the same. Otherwise it is decided again there, as every change was before.
/// </summary>
internal sealed record EarlyDecision(StoredObject? Stored, long StateVersion, ChangeResult Result, ObjectWrite? Write)
{
    /// <param name="stored">The copy the transaction holds.</param>
    /// <param name="stateVersion">The node's version once the transaction holds it, at least the one the transaction read.</param>
    public bool Holds(StoredObject? stored, long stateVersion) => Equals(stored, Stored) && stateVersion == StateVersion;
}

/// <summary>
/// Finds as <paramref name="data"/> does, outside any transaction, and notes that it was asked: a decision that read other
/// objects (the tokens an unpublished Location names) read them unheld, so it is made again in the transaction.
/// </summary>
internal sealed class NotedFinder(IObjectFinder data) : IObjectFinder
{
    public bool Asked { get; private set; }

    public Task<IReadOnlyList<StoredObject>> FindByFieldsAsync(DataModule module, IReadOnlyCollection<(string Field, string Value)> wanted,
        CancellationToken cancellationToken = default)
    {
        Asked = true;
        return data.FindByFieldsAsync(module, wanted, cancellationToken);
    }

    public Task<IReadOnlyList<StoredObject>> FindNamingAsync(DataModule module, IReadOnlyCollection<string> tokenNames,
        CancellationToken cancellationToken = default)
    {
        Asked = true;
        return data.FindNamingAsync(module, tokenNames, cancellationToken);
    }
}
