using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Validation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Validation;

public class CredentialsRulesTests
{
    private static Credentials WithRoles(params (string Role, string CountryCode, string PartyId)[] roles) => new()
    {
        Token = "token",
        Url = "https://example.com/versions",
        Roles = roles.Select(r => new CredentialsRole
        {
            Role = Role.From(r.Role),
            CountryCode = r.CountryCode,
            PartyId = r.PartyId,
            BusinessDetails = new BusinessDetails { Name = "Example" },
        }).ToArray(),
    };

    [Fact]
    public void Every_role_is_a_unique_combination_of_role_party_id_and_country_code()
    {
        var credentials = WithRoles(("CPO", "NL", "EXA"), ("EMSP", "NL", "EXA"), ("CPO", "nl", "exa"));

        var problem = Assert.Single(OcpiValidator.Validate(credentials, OcpiVersion.V230));

        Assert.Equal("$.roles: CPO NL*EXA is listed more than once", problem.ToString());
    }

    [Theory]
    [InlineData("NLHUB", true)]
    [InlineData("NL1AB", true)]
    [InlineData("NLHU", false)]
    [InlineData("1LHUB", false)]
    public void A_hub_party_id_is_a_country_code_and_a_party_id(string hubPartyId, bool valid)
    {
        var credentials = WithRoles(("CPO", "NL", "EXA")) with { HubPartyId = hubPartyId };

        Assert.Equal(valid, OcpiValidator.Validate(credentials, OcpiVersion.V230).Count == 0);
    }
}
