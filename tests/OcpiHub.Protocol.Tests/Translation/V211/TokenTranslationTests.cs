using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class TokenTranslationTests
{
    private const string Rfid211 = "2.1.1/mod_tokens.md#2";

    public static TheoryData<string> TokenExamples => new(
        SpecExamples.All.Keys.Where(id => id.StartsWith("2.1.1/mod_tokens.md", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(TokenExamples))]
    public void Every_2_1_1_token_example_round_trips_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Token, V230.Token>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void Location_references_round_trip_with_their_connector_ids_which_2_2_1_has_not()
    {
        const string json = """{"location_id":"LOC1","evse_uids":["EVSE1"],"connector_ids":["1","2"]}""";

        var (back, losses) = Translate.RoundTrip<LocationReferences, V230.LocationReferences>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);
        var canonical = Translator.ToCanonical(Translate.Read<LocationReferences>(json, OcpiVersion.V211), new TranslationContext());

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
        Assert.DoesNotContain("connector_ids", Translate.Write(V221.Translator.FromCanonical(canonical, new TranslationContext()), OcpiVersion.V221));
    }

    [Fact]
    public void A_2_1_1_token_reaches_2_2_1_with_its_owner_and_auth_id_as_contract_id()
    {
        var canonical = Translator.ToCanonical(Translate.ReadExample<Token>(Rfid211), new TranslationContext(new PartyRef("NL", "TNM")));
        var context = new TranslationContext();

        var token = V221.Translator.FromCanonical(canonical, context);

        Assert.Equal("NL", token.CountryCode);
        Assert.Equal("TNM", token.PartyId);
        Assert.Equal("012345678", token.Uid);
        Assert.Equal(TokenType.Rfid, token.Type);
        Assert.Equal("DE8ACC12E46L89", token.ContractId);
        Assert.Equal("DF000-2001-8999", token.VisualNumber);
        Assert.Equal("TheNewMotion", token.Issuer);
        Assert.Null(token.GroupId);
        Assert.True(token.Valid);
        Assert.Equal(WhitelistType.Allowed, token.Whitelist);
        Assert.Null(token.Language);
        Assert.Equal(new DateTimeOffset(2015, 6, 29, 22, 39, 9, TimeSpan.Zero), token.LastUpdated);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_full_2_2_1_token_reaches_2_1_1_without_group_profile_and_energy_contract()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V230.Token>("2.2.1/token_example_2_full_rfid.json"), new TranslationContext());
        var context = new TranslationContext();

        var token = Translator.FromCanonical(canonical, context);

        Assert.Equal("12345678905880", token.Uid);
        Assert.Equal(TokenType.Rfid, token.Type);
        Assert.Equal("DE8ACC12E46L89", token.AuthId);
        Assert.Equal("DF000-2001-8999-1", token.VisualNumber);
        Assert.Equal("TheNewMotion", token.Issuer);
        Assert.True(token.Valid);
        Assert.Equal(WhitelistType.Allowed, token.Whitelist);
        Assert.Equal("it", token.Language);
        Assert.Equal(["Token.default_profile_type", "Token.energy_contract", "Token.group_id"], context.LostFields());
        var json = Translate.Write(token, OcpiVersion.V211);
        Assert.DoesNotContain("country_code", json);
        Assert.DoesNotContain("contract_id", json);
    }

    [Fact]
    public void An_app_user_token_reaches_2_1_1_as_other()
    {
        var canonical = V221.Translator.ToCanonical(Translate.ReadExample<V230.Token>("2.2.1/token_example_1_app_user.json"), new TranslationContext());
        var context = new TranslationContext();

        var token = Translator.FromCanonical(canonical, context);

        Assert.Equal(TokenType.Other, token.Type);
        Assert.Contains("'APP_USER' is not defined in 2.1.1; sent as 'OTHER'", context.Loss("Token", "type").What);
    }
}
