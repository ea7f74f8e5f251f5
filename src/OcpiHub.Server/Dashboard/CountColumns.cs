using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;

namespace OcpiHub.Server.Dashboard;

/// <summary>The object counts of one owner as the overview's columns: Locations, EVSEs, Tariffs, Tokens, Sessions, CDRs.</summary>
public static class CountColumns
{
    public static IReadOnlyList<string> Names { get; } = ["Locations", "EVSEs", "Tariffs", "Tokens", "Sessions", "CDRs"];

    public static IEnumerable<int> Of(IReadOnlyList<ObjectCount> counts, string owner)
    {
        var mine = counts.Where(c => c.Owner.ToString() == owner).ToList();
        int Objects(DataModule module) => mine.Where(c => c.Module == module).Sum(c => c.Objects);
        return [Objects(DataModule.Locations), mine.Sum(c => c.Evses), Objects(DataModule.Tariffs), Objects(DataModule.Tokens),
            Objects(DataModule.Sessions), Objects(DataModule.Cdrs)];
    }
}
