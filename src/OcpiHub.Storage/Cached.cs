namespace OcpiHub.Storage;

/// <summary>
/// A list read from the database once and kept until a write through this process says it changed. A load that
/// overlaps a write is used for its caller but not kept, so the cache never holds what a finished write replaced.
/// Exact for one hub node per database; several nodes would each see the others' writes only after their own.
/// </summary>
internal sealed class Cached<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> load)
{
    private readonly object gate = new();
    private IReadOnlyList<T>? value;
    private long version;

    public async Task<IReadOnlyList<T>> GetAsync(CancellationToken cancellationToken)
    {
        long seen;
        lock (gate)
        {
            if (value is not null)
                return value;
            seen = version;
        }
        var loaded = await load(cancellationToken);
        lock (gate)
        {
            if (version == seen)
                value = loaded;
        }
        return loaded;
    }

    /// <summary>Called after every write: the next read loads afresh.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            version++;
            value = null;
        }
    }
}
