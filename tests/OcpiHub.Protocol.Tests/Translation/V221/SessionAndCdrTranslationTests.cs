using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V221;

namespace OcpiHub.Protocol.Tests.Translation.V221;

using V230 = global::OcpiHub.Protocol.V230;

public class SessionAndCdrTranslationTests
{
    public static TheoryData<string> SessionExamples => new(SpecExamples.All.Keys.Where(id => id.StartsWith("2.2.1/session_example", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(SessionExamples))]
    public void Every_2_2_1_session_example_round_trips_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Session, V230.Session>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void The_2_2_1_cdr_example_round_trips_losslessly()
    {
        var json = Translate.Example("2.2.1/cdr_example.json");
        var (back, losses) = Translate.RoundTrip<Cdr, V230.Cdr>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_2_2_1_session_total_cost_becomes_a_price_before_taxes_with_its_vat()
    {
        var canonical = Translator.ToCanonical(Translate.ReadExample<Session>("2.2.1/session_example_2_short_finished.json"), new TranslationContext());

        Assert.Equal(8.50m, canonical.TotalCost!.BeforeTaxes);
        var vat = Assert.Single(canonical.TotalCost.Taxes!);
        Assert.Equal(("VAT", 0.85m), (vat.Name, vat.Amount));
    }

    [Fact]
    public void The_2_3_0_cdr_goes_down_to_2_2_1_with_vat_summed_and_an_emaid_token_reported()
    {
        var canonical = Translate.ReadExample<V230.Cdr>("2.3.0/cdr_example.json");
        canonical = canonical with
        {
            CdrToken = canonical.CdrToken! with { Type = TokenType.Emaid },
            CdrLocation = canonical.CdrLocation! with { ConnectorStandard = ConnectorType.SaeJ3400 },
        };
        var context = new TranslationContext();

        var v221 = Translator.FromCanonical(canonical, context);

        Assert.Equal((4.00m, 4.40m), (v221.TotalCost!.ExclVat, v221.TotalCost.InclVat));
        Assert.Equal((4.00m, 4.40m), (v221.TotalTimeCost!.ExclVat, v221.TotalTimeCost.InclVat));
        Assert.Equal((TokenType.Other, ConnectorType.SaeJ3400), (v221.CdrToken!.Type, v221.CdrLocation!.ConnectorStandard));
        Assert.Contains("CdrToken.type", context.LostFields());
        Assert.Contains("CdrLocation.connector_standard", context.LostFields());
    }
}
