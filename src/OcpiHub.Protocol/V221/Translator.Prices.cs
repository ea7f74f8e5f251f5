using System.Diagnostics.CodeAnalysis;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V221;

// Prices, used by Tariffs, Sessions and CDRs: 2.2.1 gives an amount excluding and including VAT, 2.3.0 an amount
// before taxes and the list of taxes. Null in, null out, so callers can pass optional fields as they are.
public static partial class Translator
{
    /// <summary>The tax name given to the difference between 2.2.1 <c>incl_vat</c> and <c>excl_vat</c>.</summary>
    public const string VatTaxName = "VAT";

    /// <summary><c>before_taxes = excl_vat</c>; <c>incl_vat</c> becomes one VAT tax of the difference.</summary>
    [return: NotNullIfNotNull(nameof(price))]
    public static V230.Price? ToCanonical(Price? price, TranslationContext context) => price is null ? null : new()
    {
        BeforeTaxes = price.ExclVat,
        Taxes = price.InclVat is { } inclVat && price.ExclVat is { } exclVat
            ? [new V230.TaxAmount { Name = VatTaxName, Amount = inclVat - exclVat }]
            : null,
        Extensions = price.Extensions,
    };

    /// <summary>
    /// <c>excl_vat = before_taxes</c>, <c>incl_vat = before_taxes + Σ taxes</c> (absent without taxes). Tax names
    /// other than VAT, several taxes, percentages and account numbers are reported as lost under
    /// <paramref name="objectName"/>.<paramref name="field"/> (say <c>Cdr</c>, <c>total_cost</c>).
    /// </summary>
    [return: NotNullIfNotNull(nameof(price))]
    public static Price? FromCanonical(V230.Price? price, TranslationContext context, string objectName = nameof(Price), string field = "taxes")
    {
        if (price is null)
            return null;
        var taxes = price.Taxes is { Count: > 0 } list ? list : null;
        if (taxes is not null && !IsPlainVat(taxes))
            context.Lost(objectName, field, OcpiVersion.V230, To,
                $"taxes [{string.Join(", ", taxes.Select(Describe))}] summed into incl_vat; 2.2.1 has no tax names, percentages or account numbers");
        return new()
        {
            ExclVat = price.BeforeTaxes,
            InclVat = taxes is null ? null : price.BeforeTaxes + taxes.Sum(t => t.Amount ?? 0m),
            Extensions = Carry.Strip(price.Extensions),
        };
    }

    /// <summary>A 2.2.1 minimum or maximum price as a 2.3.0 price limit: before taxes = excl. VAT, after = incl.</summary>
    [return: NotNullIfNotNull(nameof(price))]
    public static V230.PriceLimit? ToPriceLimit(Price? price) => price is null ? null : new()
    {
        BeforeTaxes = price.ExclVat,
        AfterTaxes = price.InclVat,
        Extensions = price.Extensions,
    };

    [return: NotNullIfNotNull(nameof(limit))]
    public static Price? FromPriceLimit(V230.PriceLimit? limit) => limit is null ? null : new()
    {
        ExclVat = limit.BeforeTaxes,
        InclVat = limit.AfterTaxes,
        Extensions = Carry.Strip(limit.Extensions),
    };

    // One tax named VAT with nothing but its amount is exactly what incl_vat says.
    private static bool IsPlainVat(IReadOnlyList<V230.TaxAmount> taxes) =>
        taxes is [{ AccountNumber: null, Percentage: null } only]
        && string.Equals(only.Name, VatTaxName, StringComparison.OrdinalIgnoreCase);

    private static string Describe(V230.TaxAmount tax) =>
        $"{tax.Name}{(tax.Percentage is { } p ? $" {p}%" : "")}{(tax.AccountNumber is { } a ? $" account {a}" : "")}: {tax.Amount}";
}
