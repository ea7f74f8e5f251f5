using OcpiHub.Core.Platforms;

namespace OcpiHub.Core.Tests.Platforms;

public class PartyKeyTests
{
    [Theory]
    [InlineData("NL*ABC", "NL*ABC")]
    [InlineData("nl-abc", "NL*ABC")]
    [InlineData("NLABC", "NL*ABC")]
    [InlineData("NL*AB", null)]
    [InlineData("N1*ABC", null)]
    [InlineData("", null)]
    public void An_operators_spelling_is_read_as_one_party(string text, string? party) =>
        Assert.Equal(party, PartyKey.TryParse(text, out var key) ? key.ToString() : null);

    [Theory]
    [InlineData("NL", "ABC", "NL*ABC")]
    [InlineData("nl", "a1c", "NL*A1C")]
    [InlineData("NLA", "BC", null)]
    [InlineData("N", "LABC", null)]
    [InlineData("N-", "ABC", null)]
    [InlineData("NL", "A-BC", null)]
    [InlineData(null, "ABC", null)]
    public void Two_fields_name_a_party_only_with_two_letters_and_three_characters(string? countryCode, string? partyId, string? party) =>
        Assert.Equal(party, PartyKey.TryFrom(countryCode, partyId, out var key) ? key.ToString() : null);
}
