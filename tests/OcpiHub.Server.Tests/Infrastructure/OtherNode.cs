using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Storage;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>Another hub node on the same database whose clock runs <paramref name="off"/> from the test's.</summary>
public sealed class OtherNode(HubDatabase database, TimeSpan off)
{
    /// <summary>
    /// Removes a stored object as a push on that node would, seeing the state as it is now: with no deliveries, as
    /// where data to every receiver stands still. Its record of what stopped reaching someone bears that node's time.
    /// </summary>
    public Task RemoveAsync(DataModule module, PartyKey owner, string id) =>
        new DataStore(database, new SkewedClock(off), new SharedStateVersion(database)).ChangeAsync(
            [new ObjectAddress(module, owner, id)],
            (_, stored, _) => Task.FromResult<ObjectWrite?>(new ObjectWrite(stored!, Delete: true, "", [], "removal-on-the-other-node", Collapse: false, null)));

    private sealed class SkewedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
