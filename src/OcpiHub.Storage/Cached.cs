namespace OcpiHub.Storage;

/// <summary>
/// A value read from the database and kept while the shared state version (<see cref="SharedStateVersion"/>) is the
/// one it was read at, so a change made through any hub node replaces it; a write through this process drops it at
/// once (<see cref="Invalidate"/>). Callers that find it stale wait for one load together. A load that overlaps a
/// local write is used by those waiting for it but not kept, so the cache never holds what a finished write replaced.
/// </summary>
internal sealed class Cached<T>(SharedStateVersion state, Func<CancellationToken, Task<T>> load) where T : class
{
    private readonly object gate = new();
    private T? value;
    private long valueVersion;
    private long generation;
    private Task<(T Value, long Version)>? loading;

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var current = await state.CurrentAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            Task<(T Value, long Version)> pending;
            lock (gate)
            {
                if (value is not null && valueVersion >= current)
                    return value;
                // Shared by every caller, so not cancelled by any one of them.
                pending = loading ??= LoadAsync(generation);
            }
            var (loaded, version) = await pending.WaitAsync(cancellationToken);
            // A load begun before the version this caller must see (learnt meanwhile) may miss that change: loaded once
            // more, begun after it was learnt, so read after that change committed.
            if (version >= current || attempt > 0)
                return loaded;
        }
    }

    /// <summary>Awaits a write of what the value holds, then (whether or not it failed) drops the value.</summary>
    public Task WriteAsync(Task write) => WriteAsync(Done(write));

    /// <summary>Awaits a write of what the value holds, then (whether or not it failed) drops the value; what the write returned.</summary>
    public async Task<TResult> WriteAsync<TResult>(Task<TResult> write)
    {
        try
        {
            return await write;
        }
        finally
        {
            Invalidate();
        }
    }

    private static async Task<bool> Done(Task write)
    {
        await write;
        return true;
    }

    /// <summary>Called after every write: the next read loads afresh.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            generation++;
            value = null;
            loading = null;
        }
    }

    private async Task<(T Value, long Version)> LoadAsync(long startedIn)
    {
        await Task.Yield();
        try
        {
            // The version first: a change committed between the two reads is then newer than the version kept, and loads again.
            var version = await state.ReadAsync(CancellationToken.None);
            var loaded = await load(CancellationToken.None);
            lock (gate)
            {
                if (generation == startedIn)
                    (value, valueVersion) = (loaded, version);
            }
            return (loaded, version);
        }
        finally
        {
            lock (gate)
            {
                if (generation == startedIn)
                    loading = null;
            }
        }
    }
}
