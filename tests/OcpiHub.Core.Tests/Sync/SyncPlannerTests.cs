using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using static OcpiHub.Core.Routing.DataModule;
using static OcpiHub.Core.Tests.Sync.SyncWorld;

namespace OcpiHub.Core.Tests.Sync;

/// <summary>What a schedule tick starts, as a table over the platforms of <see cref="SyncWorld"/>.</summary>
public class SyncPlannerTests
{
    private sealed record TickCase(SyncTick Tick, IReadOnlyList<Platform> Platforms, IReadOnlyList<SyncHistory> History, IReadOnlyList<PlannedSync> Expected);

    private static readonly SyncTick FullTick = new(Saturday, SyncKind.Full);
    private static readonly SyncTick DeltaTick = new(Sunday, SyncKind.Delta);
    private static readonly DateTimeOffset Friday = Saturday.AddDays(-1);

    private static readonly Dictionary<string, TickCase> Cases = new()
    {
        ["saturday: a full run of every module every connected platform sends"] = new(FullTick, All, [],
        [
            .. Full(Saturday, Cpo, Locations, Tariffs, Sessions, Cdrs), .. Full(Saturday, Emsp, Tokens),
            .. Full(Saturday, Cpo211, Locations, Tariffs, Cdrs), .. Full(Saturday, Emsp211, Tokens),
            .. Full(Saturday, Combo, Locations, Sessions, Tokens),
        ]),
        ["saturday: full runs even after successful runs"] = new(FullTick, [Emsp], [Past(Emsp, Tokens, succeededUpTo: Friday)],
            Full(Saturday, Emsp, Tokens)),
        ["other days: a delta run from the date_to of the last successful run"] = new(DeltaTick, [Cpo],
            [Past(Cpo, Locations, Saturday), Past(Cpo, Tariffs, Saturday), Past(Cpo, Sessions, Friday), Past(Cpo, Cdrs, Saturday)],
            [Delta(Saturday, Sunday, Cpo, Locations), Delta(Saturday, Sunday, Cpo, Tariffs), Delta(Friday, Sunday, Cpo, Sessions), Delta(Saturday, Sunday, Cpo, Cdrs)]),
        ["other days: a module that never had a successful run gets a full run"] = new(DeltaTick, [Cpo], [Past(Cpo, Locations, Saturday)],
            [Delta(Saturday, Sunday, Cpo, Locations), .. Full(Sunday, Cpo, Tariffs, Sessions, Cdrs)]),
        ["other days: every module of a platform never pulled gets a full run"] = new(DeltaTick, [Emsp211], [],
            Full(Sunday, Emsp211, Tokens)),
        ["pull off: nothing"] = new(FullTick, [Cpo.With(s => s with { Pull = false })], [], []),
        ["offline: nothing"] = new(FullTick, [Cpo.With(PlatformStatus.Offline)], [], []),
        ["planned: nothing"] = new(FullTick, [Cpo.With(PlatformStatus.Planned)], [], []),
        ["unregistered: nothing"] = new(DeltaTick, [Emsp.With(PlatformStatus.Unregistered)], [Past(Emsp, Tokens, Saturday)], []),
        ["a module with a run queued or running is skipped"] = new(DeltaTick, [Cpo],
            [Past(Cpo, Locations, Friday, SyncStatus.Running), Past(Cpo, Tariffs, inProgress: SyncStatus.Queued), Past(Cpo, Sessions, Saturday)],
            [Delta(Saturday, Sunday, Cpo, Sessions), .. Full(Sunday, Cpo, Cdrs)]),
        ["the limit is the platform's pull_limit"] = new(FullTick, [Emsp.With(s => s with { PullLimit = 250 })], [],
            [Full(Saturday, Emsp, Tokens)[0] with { Limit = 250 }]),
        ["2.1.1 CPO: the modules a CPO sends that it lists, by its registered role"] = new(FullTick, [Cpo211], [],
            Full(Saturday, Cpo211, Locations, Tariffs, Cdrs)),
        ["2.1.1 eMSP: its Tokens, by its registered role"] = new(DeltaTick, [Emsp211], [Past(Emsp211, Tokens, Saturday)],
            [Delta(Saturday, Sunday, Emsp211, Tokens)]),
        ["2.2.1 platform with a CPO and an eMSP party: each party's SENDER modules"] = new(DeltaTick, [Combo], [Past(Combo, Tokens, Friday)],
            [.. Full(Sunday, Combo, Locations, Sessions), Delta(Friday, Sunday, Combo, Tokens)]),
        ["2.2.1 SENDER endpoint of a module its parties do not own: nothing"] = new(FullTick, [Odd], [], []),
        ["the history of another platform does not count"] = new(DeltaTick, [Emsp], [Past(Emsp211, Tokens, Saturday)],
            Full(Sunday, Emsp, Tokens)),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Plans_a_tick(string name)
    {
        var row = Cases[name];

        var planned = SyncPlanner.PlanTick(row.Tick, row.Platforms, row.History);

        Assert.Equal(Sorted(row.Expected), Sorted(planned));
    }

    internal static PlannedSync[] Full(DateTimeOffset upTo, Platform platform, params DataModule[] modules) =>
        modules.Select(m => new PlannedSync(platform.Id, m, SyncKind.Full, null, upTo, 1000)).ToArray();

    internal static PlannedSync Delta(DateTimeOffset from, DateTimeOffset upTo, Platform platform, DataModule module) =>
        new(platform.Id, module, SyncKind.Delta, from, upTo, 1000);

    internal static IEnumerable<PlannedSync> Sorted(IEnumerable<PlannedSync> runs) => runs.OrderBy(r => r.PlatformId).ThenBy(r => r.Module);
}
