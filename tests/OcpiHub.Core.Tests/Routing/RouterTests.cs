using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Tests.Routing;

public class RouterTests
{
    public static TheoryData<string> CaseNames => new(RoutingTable.Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decides(string name)
    {
        var row = RoutingTable.Cases[name];

        DecisionAssert.Matches(row.Expected, row.Mentions, Router.Decide(row.Request, row.Facts));
    }

    [Fact]
    public void The_table_covers_every_module_kind_and_version()
    {
        var covered = RoutingTable.Cases.Values.Select(c => (c.Request.Module, c.Request.Kind, c.Request.Version)).ToHashSet();
        var missing =
            from module in DataModules.All
            from kind in Enum.GetValues<RequestKind>()
            from version in OcpiVersions.All
            where !covered.Contains((module, kind, version))
            select $"{module} {kind} {version}";
        Assert.Empty(missing);
    }

    [Fact]
    public void The_table_reaches_every_decision_for_every_module()
    {
        foreach (var module in DataModules.All)
        {
            var decisions = RoutingTable.Cases.Values.Where(c => c.Request.Module == module).Select(c => c.Expected).ToList();
            Assert.Contains(decisions, d => d is ServeFromStore { Owner: null });
            Assert.Contains(decisions, d => d is ServeFromStore { Owner: not null });
            Assert.Contains(decisions, d => d is StoreAndBroadcast);
            Assert.Contains(decisions, d => d is StoreAndDeliver);
            foreach (var status in new[] { 2000, 2001, 4001 })
                Assert.Contains(decisions, d => d is Refuse r && r.OcpiStatus == status);
        }
    }
}
