using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Sync;

/// <summary>What the sync tests give the network's 2.2.1 CPO (NL*C22) to serve.</summary>
public static class SyncData
{
    /// <summary>
    /// <paramref name="count"/> Locations L000, L001, … last updated 2026-11-01 10:00 UTC on C22's sender
    /// interface (500 to a page); that sender, for faults.
    /// </summary>
    public static SimulatedSender C22Locations(RoamingNetwork net, int count)
    {
        var locations = net.Cpo221.Sender("locations");
        for (var i = 0; i < count; i++)
            locations.Put(LocationJson.Location(OcpiVersion.V221, "NL", "C22", $"L{i:D3}", "2026-11-01T10:00:00Z"));
        return locations;
    }
}
