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

        var decision = RealTimeRouter.Decide(row.Request, row.FactsWithHolders);

        if (row.Expected is Refuse expected)
        {
            var refused = Assert.IsType<Refuse>(decision);
            Assert.Equal(expected.OcpiStatus, refused.OcpiStatus);
            Assert.NotEmpty(row.Mentions);
            foreach (var mention in row.Mentions)
                Assert.Contains(mention, refused.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(row.Expected, decision);
        }
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
