using OcpiHub.Core.Routing;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Tests.Routing;

public class RealTimeRouterTests
{
    public static TheoryData<string> CaseNames => new(RealTimeRoutingTable.Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decides(string name)
    {
        var row = RealTimeRoutingTable.Cases[name];

        DecisionAssert.Matches(row.Expected, row.Mentions, RealTimeRouter.Decide(row.Request, row.FactsWithHolders));
    }

    [Fact]
    public void The_table_forwards_and_refuses_every_kind()
    {
        foreach (var kind in Enum.GetValues<RealTimeKind>())
        {
            var decisions = RealTimeRoutingTable.Cases.Values.Where(c => c.Request.Kind == kind).Select(c => c.Expected).ToList();
            Assert.Contains(decisions, d => d is Forward);
            Assert.Contains(decisions, d => d is Refuse);
        }
    }
}
