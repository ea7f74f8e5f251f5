using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Data;

/// <summary>
/// One change at a time per object: a push reads the stored copy, applies its change and writes it back, and two
/// pushes to one Location (status updates of two of its EVSEs) must not overwrite each other. A fixed set of
/// striped locks bounds the memory whatever the number of objects; two objects sharing a stripe merely wait for
/// each other. Held within this hub process; several hub nodes on one database would need a row lock instead.
/// </summary>
public sealed class ObjectLocks
{
    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(DataModule module, PartyKey owner, string id, CancellationToken cancellationToken)
    {
        var hash = HashCode.Combine(module, owner, StringComparer.OrdinalIgnoreCase.GetHashCode(id));
        var gate = stripes[(int)((uint)hash % (uint)stripes.Length)];
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
