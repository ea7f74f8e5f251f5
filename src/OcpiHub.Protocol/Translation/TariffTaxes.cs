using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// 2.1.1 and 2.2.1 tariff prices always exclude VAT; a 2.3.0 tariff may give them including taxes
/// (<c>tax_included = YES</c>). Going down, such prices are brought back to excluding VAT with each component's
/// <c>vat</c> percentage; a component without one (North American style: taxes included, rate unknown) cannot be
/// converted, keeps its price and is reported.
/// </summary>
public static class TariffTaxes
{
    /// <summary>OCPI numbers carry four decimals.</summary>
    private const int Decimals = 4;

    /// <summary>The tariff's elements with prices excluding taxes, as an older version reads them.</summary>
    public static IReadOnlyList<TariffElement>? ElementsExcludingTaxes(Tariff tariff, OcpiVersion to, TranslationContext context)
    {
        if (tariff.TaxIncluded != TaxIncluded.Yes || tariff.Elements is null)
            return tariff.Elements;
        var unconvertible = tariff.Elements
            .SelectMany(e => e.PriceComponents ?? [])
            .Count(c => c.Vat is null && c.Price is not null and not 0m);
        if (unconvertible > 0)
            context.Lost(nameof(Tariff), "tax_included", OcpiVersion.V230, to,
                $"prices include taxes but {unconvertible} price component(s) have no vat rate to remove them; " +
                $"sent unchanged, so a {to.ToWire()} receiver reads them as excluding VAT");
        return tariff.Elements
            .Select(element => element with { PriceComponents = element.PriceComponents?.Select(ExcludingVat).ToArray() })
            .ToArray();
    }

    /// <summary>A price including <paramref name="vatPercentage"/> percent VAT, without it.</summary>
    public static decimal ExcludingVat(decimal priceIncludingVat, decimal vatPercentage) =>
        Math.Round(priceIncludingVat * 100m / (100m + vatPercentage), Decimals, MidpointRounding.AwayFromZero);

    private static PriceComponent ExcludingVat(PriceComponent component) =>
        component is { Price: { } price, Vat: { } vat }
            ? component with { Price = ExcludingVat(price, vat) }
            : component;
}
