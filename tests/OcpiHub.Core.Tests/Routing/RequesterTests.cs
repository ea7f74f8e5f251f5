using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using static OcpiHub.Core.Tests.Routing.World;

namespace OcpiHub.Core.Tests.Routing;

/// <summary>Whom the routing headers of an answer address (<see cref="Router.Requester"/>), whatever was decided.</summary>
public class RequesterTests
{
    public static TheoryData<string, Platform, PartyKey?, string, PartyKey?> Cases => new()
    {
        { "single party, no from", CpoA, null, "CPO", Cpa },
        { "single party in the wrong role: still the one asking", CpoA, null, "EMSP", Cpa },
        { "single party naming another platform's party: still its own", CpoA, Cpd, "CPO", Cpa },
        { "several parties, from names one of them", Multi, Mc2, "CPO", Mc2 },
        { "several parties, from names one in another role", Multi, Me1, "CPO", Me1 },
        { "several parties in the role, no from", Multi, null, "CPO", null },
        { "one party in the role among several", Multi, null, "EMSP", Me1 },
        { "CPO and eMSP party, no from", Combo, null, "CPO", Ccp },
        { "several parties, none in the role, no from", Combo, null, "NSP", null },
        { "no parties", Empty, null, "CPO", null },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Is_the_party_the_request_comes_from_as_far_as_it_can_be_told(string name, Platform caller, PartyKey? from, string role, PartyKey? expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, Router.Requester(caller, from, role));
    }
}
