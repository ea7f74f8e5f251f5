using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V221;
using OcpiHub.Protocol.Tests.SpecCorpus;

namespace OcpiHub.Protocol.Tests.Translation.V221;

using V230 = global::OcpiHub.Protocol.V230;

public class TariffTranslationTests
{
    public static TheoryData<string> TariffExamples => new(SpecExamples.All.Keys.Where(id => id.StartsWith("2.2.1/tariff", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

    [Theory, MemberData(nameof(TariffExamples))]
    public void Every_2_2_1_tariff_example_goes_up_to_its_2_3_0_counterpart(string name)
    {
        var context = new TranslationContext();
        var canonical = Translator.ToCanonical(Translate.ReadExample<Tariff>(name), context);

        JsonSemantics.AssertEqual(Translate.Example(To230(name)), Translate.Write(canonical, OcpiVersion.V230));
    }

    [Theory, MemberData(nameof(TariffExamples))]
    public void Every_2_3_0_tariff_example_comes_down_to_its_2_2_1_counterpart_without_loss(string name)
    {
        var context = new TranslationContext();
        var tariff = Translator.FromCanonical(Translate.ReadExample<V230.Tariff>(To230(name)), context);

        JsonSemantics.AssertEqual(Translate.Example(name), Translate.Write(tariff, OcpiVersion.V221));
        Assert.Empty(context.Losses);
    }

    [Theory, MemberData(nameof(TariffExamples))]
    public void Every_2_2_1_tariff_example_round_trips_losslessly(string name)
    {
        var json = Translate.Example(name);
        var (back, losses) = Translate.RoundTrip<Tariff, V230.Tariff>(json, OcpiVersion.V221, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void Min_price_becomes_a_price_limit_and_the_tariff_excludes_taxes()
    {
        var tariff = Translate.ReadExample<Tariff>("2.2.1/tariff_12_025kwh_min_price.json");

        var canonical = Translator.ToCanonical(tariff, new TranslationContext());

        Assert.Equal(0.50m, canonical.MinPrice!.BeforeTaxes);
        Assert.Equal(0.55m, canonical.MinPrice.AfterTaxes);
        Assert.Null(canonical.MaxPrice);
        Assert.Equal(TaxIncluded.No, canonical.TaxIncluded);
        Assert.Equal("DE", canonical.CountryCode);
        Assert.Equal("ALL", canonical.PartyId);
        Assert.Equal(0.25m, canonical.Elements![0].PriceComponents![0].Price);
    }

    [Fact]
    public void Prices_including_taxes_come_down_excluding_vat()
    {
        var tariff = Build.Tariff(TaxIncluded.Yes, Build.Component(TariffDimensionType.Energy, 0.30m, vat: 20m), Build.Component(TariffDimensionType.Flat, 1.10m, vat: 10m));
        var context = new TranslationContext();

        var down = Translator.FromCanonical(tariff, context);

        Assert.Equal(0.25m, down.Elements![0].PriceComponents![0].Price);
        Assert.Equal(20m, down.Elements[0].PriceComponents![0].Vat);
        Assert.Equal(1.00m, down.Elements[0].PriceComponents![1].Price);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void Prices_including_taxes_of_unknown_rate_come_down_unchanged_and_are_reported()
    {
        var tariff = Translate.ReadExample<V230.Tariff>("2.3.0/tariff_20_simple_north_american_inclusive.json");
        var context = new TranslationContext();

        var down = Translator.FromCanonical(tariff, context);

        Assert.Equal(2.10m, down.Elements![0].PriceComponents![0].Price);
        Assert.Contains("1 price component(s) have no vat rate", context.Loss("Tariff", "tax_included").What);
    }

    [Fact]
    public void Tariffs_without_taxes_come_down_unchanged()
    {
        var tariff = Build.Tariff(TaxIncluded.NotApplicable, Build.Component(TariffDimensionType.Time, 2.00m, vat: null));
        var context = new TranslationContext();

        var down = Translator.FromCanonical(tariff, context);

        Assert.Equal(2.00m, down.Elements![0].PriceComponents![0].Price);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void Preauthorize_amount_is_reported_lost()
    {
        var tariff = Build.Tariff(TaxIncluded.No, Build.Component(TariffDimensionType.Time, 2.00m, vat: null)) with { PreauthorizeAmount = 50m };
        var context = new TranslationContext();

        var json = Translate.Write(Translator.FromCanonical(tariff, context), OcpiVersion.V221);

        Assert.DoesNotContain("preauthorize_amount", json);
        Assert.Contains("payment terminals", context.Loss("Tariff", "preauthorize_amount").What);
    }

    [Fact]
    public void A_custom_environmental_impact_category_of_a_tariff_is_left_out_reported_as_for_a_location()
    {
        var tariff = Build.Tariff(TaxIncluded.No, Build.Component(TariffDimensionType.Time, 2.00m, vat: null)) with
        {
            EnergyMix = new() { IsGreenEnergy = false, EnvironImpact = [new() { Category = new EnvironmentalImpactCategory("PARTICULATES"), Amount = 1m }] },
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(tariff, context);

        // 2.2.1's category is a fixed list and required in an impact: the impact goes.
        Assert.Empty(down.EnergyMix!.EnvironImpact!);
        Assert.NotNull(context.Loss(nameof(V230.EnvironmentalImpact), "category"));
        Assert.NotNull(context.Loss(nameof(V230.EnergyMix), "environ_impact"));
    }

    private static string To230(string id) => "2.3.0/" + id["2.2.1/".Length..];
}
