using OcpiHub.Core.Routing;
using static OcpiHub.Core.Routing.RoutingDecision;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>
/// A decision as a table row expects it: a refusal by its OCPI status and what its reason must mention (so reasons
/// may be reworded freely), anything else exactly.
/// </summary>
public static class DecisionAssert
{
    public static void Matches(RoutingDecision expected, IReadOnlyList<string> mentions, RoutingDecision actual)
    {
        if (expected is not Refuse refusal)
        {
            Assert.Equal(expected, actual);
            return;
        }
        var refused = Assert.IsType<Refuse>(actual);
        Assert.Equal(refusal.OcpiStatus, refused.OcpiStatus);
        Assert.NotEmpty(mentions);
        foreach (var mention in mentions)
            Assert.Contains(mention, refused.Reason, StringComparison.Ordinal);
    }
}
