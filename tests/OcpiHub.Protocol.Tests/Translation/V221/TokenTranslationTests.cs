using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V221;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation.V221;

public class TokenTranslationTests
{
    [Theory]
    [InlineData("2.2.1/token_example_1_app_user.json")]
    [InlineData("2.2.1/token_example_2_full_rfid.json")]
    public void The_2_2_1_token_examples_round_trip_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Token, Token>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void An_emaid_token_reaches_2_2_1_as_other_and_is_reported()
    {
        var token = Translate.ReadExample<Token>("2.3.0/token_example_2_full_rfid.json") with { Type = TokenType.Emaid };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(token, context);

        Assert.Equal(TokenType.Other, down.Type);
        Assert.Contains("'EMAID' is not defined in 2.2.1; sent as 'OTHER'", context.Loss("Token", "type").What);
    }
}
