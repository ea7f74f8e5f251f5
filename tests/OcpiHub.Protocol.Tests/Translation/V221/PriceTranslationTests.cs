using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V221;

namespace OcpiHub.Protocol.Tests.Translation.V221;

using V230 = global::OcpiHub.Protocol.V230;

public class PriceTranslationTests
{
    [Fact]
    public void Incl_vat_becomes_one_vat_tax_of_the_difference()
    {
        var price = Translator.ToCanonical(new Price { ExclVat = 10.00m, InclVat = 12.10m }, new TranslationContext());

        Assert.Equal(10.00m, price.BeforeTaxes);
        var tax = Assert.Single(price.Taxes!);
        Assert.Equal("VAT", tax.Name);
        Assert.Equal(2.10m, tax.Amount);
        Assert.Null(tax.Percentage);
    }

    [Fact]
    public void A_price_without_incl_vat_has_no_taxes()
    {
        var price = Translator.ToCanonical(new Price { ExclVat = 4.00m }, new TranslationContext());

        Assert.Equal(4.00m, price.BeforeTaxes);
        Assert.Null(price.Taxes);
    }

    [Fact]
    public void A_2_2_1_price_round_trips_without_loss()
    {
        var context = new TranslationContext();

        var back = Translator.FromCanonical(Translator.ToCanonical(new Price { ExclVat = 10.00m, InclVat = 12.10m }, context), context);

        Assert.Equal(10.00m, back.ExclVat);
        Assert.Equal(12.10m, back.InclVat);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void Several_taxes_are_summed_into_incl_vat_and_their_details_reported()
    {
        var price = new V230.Price
        {
            BeforeTaxes = 100m,
            Taxes = [new() { Name = "GST", Percentage = 5m, Amount = 5m }, new() { Name = "QST", Percentage = 9.975m, Amount = 9.98m }],
        };
        var context = new TranslationContext();

        var down = Translator.FromCanonical(price, context, "Cdr", "total_cost");

        Assert.Equal(100m, down.ExclVat);
        Assert.Equal(114.98m, down.InclVat);
        var loss = context.Loss("Cdr", "total_cost");
        Assert.Equal(OcpiVersion.V221, loss.To);
        Assert.Contains("GST 5%: 5", loss.What);
        Assert.Contains("QST 9.975%: 9.98", loss.What);
    }

    [Fact]
    public void A_price_without_taxes_has_no_incl_vat()
    {
        var context = new TranslationContext();

        var down = Translator.FromCanonical(new V230.Price { BeforeTaxes = 3m, Taxes = [] }, context);

        Assert.Equal(3m, down.ExclVat);
        Assert.Null(down.InclVat);
        Assert.Empty(context.Losses);
    }

    [Fact]
    public void Null_prices_stay_null()
    {
        Assert.Null(Translator.ToCanonical((Price?)null, new TranslationContext()));
        Assert.Null(Translator.FromCanonical((V230.Price?)null, new TranslationContext()));
        Assert.Null(Translator.ToPriceLimit(null));
        Assert.Null(Translator.FromPriceLimit(null));
    }

    [Fact]
    public void Price_limits_map_before_taxes_to_excl_vat_and_after_taxes_to_incl_vat()
    {
        var limit = Translator.ToPriceLimit(new Price { ExclVat = 10m, InclVat = 11m });
        var back = Translator.FromPriceLimit(limit);

        Assert.Equal((10m, 11m), (limit.BeforeTaxes!.Value, limit.AfterTaxes!.Value));
        Assert.Equal((10m, 11m), (back.ExclVat!.Value, back.InclVat!.Value));
    }
}
