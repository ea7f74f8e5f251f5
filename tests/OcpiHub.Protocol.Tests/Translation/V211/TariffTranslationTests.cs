using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Tests.SpecCorpus;
using OcpiHub.Protocol.V211;

namespace OcpiHub.Protocol.Tests.Translation.V211;

using V221 = global::OcpiHub.Protocol.V221;
using V230 = global::OcpiHub.Protocol.V230;

public class TariffTranslationTests
{
    private static readonly PartyRef Owner = new("NL", "CPO");

    private const string ComplexTariff = "2.1.1/mod_tariffs.md#5";

    public static TheoryData<string> TariffExamples => new(SpecExamples.All.Keys.Where(id => id.StartsWith("2.1.1/mod_tariffs.md", StringComparison.Ordinal)));

    [Theory, MemberData(nameof(TariffExamples))]
    public void Every_2_1_1_tariff_example_round_trips_losslessly(string id)
    {
        var json = Translate.Example(id);
        var (back, losses) = Translate.RoundTrip<Tariff, V230.Tariff>(json, OcpiVersion.V211, Translator.ToCanonical, Translator.FromCanonical);

        JsonSemantics.AssertEqual(json, back);
        Assert.Empty(losses);
    }

    [Fact]
    public void A_2_1_1_tariff_goes_up_with_the_owner_of_the_context_and_down_to_2_2_1_without_loss()
    {
        var tariff = Translate.ReadExample<Tariff>(ComplexTariff);

        var canonical = Translator.ToCanonical(tariff, new TranslationContext(Owner));
        var context = new TranslationContext();
        var v221 = V221.Translator.FromCanonical(canonical, context);

        Assert.Equal("NL", v221.CountryCode);
        Assert.Equal("CPO", v221.PartyId);
        Assert.Equal("11", v221.Id);
        Assert.Equal("EUR", v221.Currency);
        Assert.Null(v221.Type);
        Assert.Null(v221.MinPrice);
        Assert.Null(v221.MaxPrice);
        Assert.Equal("https://company.com/tariffs/11", v221.TariffAltUrl);
        Assert.Equal(TaxIncluded.No, canonical.TaxIncluded);
        Assert.Equal(6, v221.Elements!.Count);
        Assert.Equal(TariffDimensionType.Flat, v221.Elements[0].PriceComponents![0].Type);
        Assert.Equal(2.50m, v221.Elements[0].PriceComponents![0].Price);
        Assert.Null(v221.Elements[0].PriceComponents![0].Vat);
        Assert.Equal(32.00m, v221.Elements[1].Restrictions!.MaxPower);
        Assert.Equal([Enums.DayOfWeek.Saturday], v221.Elements[5].Restrictions!.DayOfWeek!);
        Assert.Equal("10:00", v221.Elements[5].Restrictions!.StartTime);
        Assert.Equal(new DateTimeOffset(2015, 6, 29, 20, 39, 9, TimeSpan.Zero), v221.LastUpdated);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void A_2_2_1_tariff_comes_down_to_2_1_1_without_its_price_limit_period_and_vat()
    {
        var v221 = Translate.ReadExample<V221.Tariff>("2.2.1/tariff_6_025kwh_start_max_price.json");
        var canonical = V221.Translator.ToCanonical(v221, new TranslationContext());
        var context = new TranslationContext();

        var tariff = Translator.FromCanonical(canonical, context);

        Assert.Equal("16", tariff.Id);
        Assert.Equal("EUR", tariff.Currency);
        var components = Assert.Single(tariff.Elements!).PriceComponents!;
        Assert.Equal((TariffDimensionType.Flat, 0.50m, (decimal?)null, 1), (components[0].Type!.Value, components[0].Price!.Value, components[0].Vat, components[0].StepSize!.Value));
        Assert.Equal((TariffDimensionType.Energy, 0.25m, (decimal?)null, 1), (components[1].Type!.Value, components[1].Price!.Value, components[1].Vat, components[1].StepSize!.Value));
        Assert.Equal(["PriceComponent.vat", "Tariff.end_date_time", "Tariff.max_price"], context.LostFields());
        Assert.All(context.Losses, l => Assert.Equal(OcpiVersion.V211, l.To));
        var json = Translate.Write(tariff, OcpiVersion.V211);
        Assert.DoesNotContain("country_code", json);
        Assert.DoesNotContain("vat", json);
    }

    [Fact]
    public void Reservation_elements_are_dropped_and_reported()
    {
        var v221 = Translate.ReadExample<V221.Tariff>("2.2.1/tariff_17_reservation_with_expire_fee.json");
        var context = new TranslationContext();

        var tariff = Translator.FromCanonical(V221.Translator.ToCanonical(v221, new TranslationContext()), context);

        var element = Assert.Single(tariff.Elements!);
        Assert.Equal([TariffDimensionType.Flat, TariffDimensionType.Energy], element.PriceComponents!.Select(c => c.Type!.Value));
        Assert.Null(element.Restrictions);
        Assert.StartsWith("2 reservation element(s) dropped", context.Loss("TariffElement", "restrictions.reservation").What);
    }

    [Fact]
    public void Current_restrictions_are_dropped_and_reported()
    {
        var tariff = Build.Tariff(TaxIncluded.No) with
        {
            Elements = [new V230.TariffElement
            {
                PriceComponents = [new() { Type = TariffDimensionType.Time, Price = 2m, StepSize = 60 }],
                Restrictions = new() { MinCurrent = 16m, MaxPower = 11m },
            }],
        };
        var context = new TranslationContext();

        var restrictions = Translator.FromCanonical(tariff, context).Elements![0].Restrictions!;

        Assert.Null(restrictions.MinCurrent);
        Assert.Equal(11m, restrictions.MaxPower);
        Assert.Contains("no current restrictions", context.Loss("TariffRestrictions", "min_current").What);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("REGULAR", true)]
    [InlineData("AD_HOC_PAYMENT", false)]
    [InlineData("PROFILE_GREEN", false)]
    public void Typed_tariffs_lose_their_type_and_only_untyped_or_regular_ones_suit_a_2_1_1_receiver(string? type, bool suits)
    {
        var tariff = Build.Tariff(TaxIncluded.No) with { Type = type is null ? null : TariffType.From(type) };
        var context = new TranslationContext();

        var json = Translate.Write(Translator.FromCanonical(tariff, context), OcpiVersion.V211);

        Assert.Equal(suits, Translator.AppliesToEverySession(tariff));
        Assert.DoesNotContain("AD_HOC_PAYMENT", json);
        Assert.DoesNotContain("PROFILE_GREEN", json);
        Assert.DoesNotContain("REGULAR", json);
        if (type is null)
            Assert.Empty(context.Losses);
        else
            Assert.Contains(suits ? "applies the tariff to every session" : "should not be offered one", context.Loss("Tariff", "type").What);
    }

    [Fact]
    public void Prices_including_taxes_come_down_excluding_vat_before_vat_is_dropped()
    {
        var tariff = Build.Tariff(TaxIncluded.Yes) with
        {
            Elements = [new V230.TariffElement { PriceComponents = [new() { Type = TariffDimensionType.Energy, Price = 0.36m, Vat = 20m, StepSize = 1 }] }],
        };
        var context = new TranslationContext();

        var component = Translator.FromCanonical(tariff, context).Elements![0].PriceComponents![0];

        Assert.Equal(0.30m, component.Price);
        Assert.Null(component.Vat);
        Assert.Single(context.Losses, l => l.Field == "vat");
    }

    [Fact]
    public void Plain_amounts_are_prices_before_taxes()
    {
        var context = new TranslationContext();

        Assert.Equal(12.5m, Translator.ToCanonicalPrice(12.5m)!.BeforeTaxes);
        Assert.Null(Translator.ToCanonicalPrice(null));
        Assert.Equal(12.5m, Translator.FromCanonicalPrice(new V230.Price { BeforeTaxes = 12.5m }, context, "Cdr", "total_cost"));
        Assert.Empty(context.Losses);

        var withTaxes = new V230.Price { BeforeTaxes = 10m, Taxes = [new() { Name = "VAT", Amount = 2m }] };
        Assert.Equal(10m, Translator.FromCanonicalPrice(withTaxes, context, "Cdr", "total_cost"));
        Assert.Contains("exclude VAT", context.Loss("Cdr", "total_cost").What);
    }
}
