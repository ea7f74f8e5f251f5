using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Tariffs: a 2.1.1 tariff has no owner (it comes from the context), no type, price limits, validity period or
// taxes (its prices exclude VAT); its price components have no vat and its restrictions no current or
// reservation. Amounts elsewhere (Session, CDR) are plain numbers excluding VAT.
public static partial class Translator
{
    public static V230.Tariff ToCanonical(Tariff tariff, TranslationContext context) => new()
    {
        CountryCode = context.Owner?.CountryCode,
        PartyId = context.Owner?.PartyId,
        Id = tariff.Id,
        Currency = tariff.Currency,
        TariffAltText = tariff.TariffAltText,
        TariffAltUrl = tariff.TariffAltUrl,
        Elements = tariff.Elements,
        TaxIncluded = TaxIncluded.No,
        EnergyMix = tariff.EnergyMix is null ? null : ToCanonical(tariff.EnergyMix, context),
        LastUpdated = tariff.LastUpdated,
        Extensions = tariff.Extensions,
    };

    public static Tariff FromCanonical(V230.Tariff tariff, TranslationContext context)
    {
        if (tariff.Type is { } type)
            context.Lost(nameof(Tariff), "type", OcpiVersion.V230, To, AppliesToEverySession(tariff)
                ? $"'{type}' dropped: 2.1.1 has no tariff types; a 2.1.1 receiver applies the tariff to every session"
                : $"'{type}' dropped: 2.1.1 has no tariff types; a 2.1.1 receiver would apply it to every session, so it should not be offered one");
        context.Drop(tariff.MinPrice, nameof(Tariff), "min_price", To, "dropped: 2.1.1 has no minimum price");
        context.Drop(tariff.MaxPrice, nameof(Tariff), "max_price", To, "dropped: 2.1.1 has no maximum price");
        context.Drop(tariff.PreauthorizeAmount, nameof(Tariff), "preauthorize_amount", To, "dropped: 2.1.1 has no payment terminals");
        context.Drop(tariff.StartDateTime, nameof(Tariff), "start_date_time", To,
            "dropped: 2.1.1 has no validity period; the hub holds the tariff back from 2.1.1 receivers until it starts");
        context.Drop(tariff.EndDateTime, nameof(Tariff), "end_date_time", To,
            "dropped: 2.1.1 has no validity period; the hub deletes the tariff at 2.1.1 receivers when it ends");
        return new()
        {
            Id = tariff.Id,
            Currency = tariff.Currency,
            TariffAltText = tariff.TariffAltText,
            TariffAltUrl = tariff.TariffAltUrl,
            Elements = ElementsFor211(TariffTaxes.ElementsExcludingTaxes(tariff, To, context), context),
            EnergyMix = tariff.EnergyMix is null ? null : FromCanonical(tariff.EnergyMix, context),
            LastUpdated = LastUpdatedFor211(tariff),
            Extensions = Carry.Strip(tariff.Extensions),
        };
    }

    /// <summary>
    /// Whether the tariff is for 2.1.1 receivers at all: one they apply as meant (<see cref="AppliesToEverySession"/>)
    /// with an element left for them (<see cref="HasElementsFor211"/>).
    /// </summary>
    public static bool IsFor211(V230.Tariff tariff) => AppliesToEverySession(tariff) && HasElementsFor211(tariff);

    /// <summary>Whether a 2.1.1 receiver is given the tariff at <paramref name="now"/>: one for it (<see cref="IsFor211"/>) within its validity period.</summary>
    public static bool IsFor211At(V230.Tariff tariff, DateTimeOffset now) => IsFor211(tariff) && IsValidAt(tariff, now);

    /// <summary>
    /// The <c>last_updated</c> a 2.1.1 receiver is given: its owner's, or the tariff's start where later, since 2.1.1
    /// receivers get the tariff only from its start on (so a <c>date_from</c> pull covering the start finds it).
    /// </summary>
    public static DateTimeOffset? LastUpdatedFor211(V230.Tariff tariff) =>
        tariff.StartDateTime is { } start && !(start <= tariff.LastUpdated) ? start : tariff.LastUpdated;

    /// <summary>Whether <paramref name="at"/> lies in the tariff's validity period: from its start on, before its end (a missing bound is open).</summary>
    public static bool IsValidAt(V230.Tariff tariff, DateTimeOffset at) =>
        (tariff.StartDateTime is not { } start || start <= at) && (tariff.EndDateTime is not { } end || at < end);

    /// <summary>
    /// Whether a 2.1.1 receiver, which knows no tariff types and applies every tariff to every session, reads the
    /// tariff as meant: untyped and REGULAR tariffs yes; ad-hoc payment and charging-profile tariffs no.
    /// </summary>
    public static bool AppliesToEverySession(V230.Tariff tariff) => tariff.Type is null || tariff.Type == TariffType.Regular;

    /// <summary>Whether an element is left for 2.1.1, which has no reservation costs (2.1.1 requires one).</summary>
    public static bool HasElementsFor211(V230.Tariff tariff) =>
        tariff.Elements is not { Count: > 0 } elements || elements.Any(e => e.Restrictions?.Reservation is null);

    /// <summary>A 2.1.1 amount (a plain number excluding VAT) as a 2.3.0 price.</summary>
    public static V230.Price? ToCanonicalPrice(decimal? amount) => amount is null ? null : new() { BeforeTaxes = amount };

    /// <summary>The amount before taxes; taxes are reported as lost under <paramref name="objectName"/>.<paramref name="field"/>.</summary>
    public static decimal? FromCanonicalPrice(V230.Price? price, TranslationContext context, string objectName, string field)
    {
        context.Drop(price?.Taxes, objectName, field, To, "taxes dropped: 2.1.1 amounts exclude VAT");
        return price?.BeforeTaxes;
    }

    // Reservation elements go (a 2.1.1 receiver would price charging with them); vat and current restrictions
    // cannot be written.
    private static IReadOnlyList<V230.TariffElement>? ElementsFor211(IReadOnlyList<V230.TariffElement>? elements, TranslationContext context)
    {
        if (elements is null)
            return null;
        var reservations = elements.Count(e => e.Restrictions?.Reservation is not null);
        if (reservations > 0)
            context.Lost(nameof(V230.TariffElement), "restrictions.reservation", OcpiVersion.V230, To,
                $"{reservations} reservation element(s) dropped: 2.1.1 has no reservation costs" +
                (reservations == elements.Count ? "; no element is left, the tariff cannot be sent" : ""));
        var vats = elements.SelectMany(e => e.PriceComponents ?? []).Count(c => c.Vat is not null);
        if (vats > 0)
            context.Lost(nameof(V230.PriceComponent), "vat", OcpiVersion.V230, To, $"dropped from {vats} price component(s): 2.1.1 has no VAT rates");
        return elements
            .Where(e => e.Restrictions?.Reservation is null)
            .Select(e => e with
            {
                PriceComponents = e.PriceComponents?.Select(c => c with { Vat = null }).ToArray(),
                Restrictions = e.Restrictions is null ? null : RestrictionsFor211(e.Restrictions, context),
            })
            .ToArray();
    }

    private static V230.TariffRestrictions RestrictionsFor211(V230.TariffRestrictions restrictions, TranslationContext context)
    {
        const string why = "dropped: 2.1.1 has no current restrictions; the element applies at any current";
        context.Drop(restrictions.MinCurrent, nameof(V230.TariffRestrictions), "min_current", To, why);
        context.Drop(restrictions.MaxCurrent, nameof(V230.TariffRestrictions), "max_current", To, why);
        return restrictions with { MinCurrent = null, MaxCurrent = null };
    }
}
