using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V221;

// Tariffs: 2.2.1 gives min/max prices as Price where 2.3.0 has PriceLimit, has no tax_included (its prices always
// exclude VAT) and no preauthorize_amount. Elements, price components and restrictions are the 2.3.0 types.
public static partial class Translator
{
    public static V230.Tariff ToCanonical(Tariff tariff, TranslationContext context) => new()
    {
        CountryCode = tariff.CountryCode,
        PartyId = tariff.PartyId,
        Id = tariff.Id,
        Currency = tariff.Currency,
        Type = tariff.Type,
        TariffAltText = tariff.TariffAltText,
        TariffAltUrl = tariff.TariffAltUrl,
        MinPrice = ToPriceLimit(tariff.MinPrice),
        MaxPrice = ToPriceLimit(tariff.MaxPrice),
        Elements = tariff.Elements,
        TaxIncluded = TaxIncluded.No,
        StartDateTime = tariff.StartDateTime,
        EndDateTime = tariff.EndDateTime,
        EnergyMix = tariff.EnergyMix,
        LastUpdated = tariff.LastUpdated,
        Extensions = tariff.Extensions,
    };

    public static Tariff FromCanonical(V230.Tariff tariff, TranslationContext context)
    {
        context.Drop(tariff.PreauthorizeAmount, nameof(Tariff), "preauthorize_amount", To, "dropped: 2.2.1 has no payment terminals");
        return new()
        {
            CountryCode = tariff.CountryCode,
            PartyId = tariff.PartyId,
            Id = tariff.Id,
            Currency = tariff.Currency,
            Type = EnumTranslation.Down(tariff.Type, To, context, nameof(Tariff), "type"),
            TariffAltText = tariff.TariffAltText,
            TariffAltUrl = tariff.TariffAltUrl,
            MinPrice = FromPriceLimit(tariff.MinPrice),
            MaxPrice = FromPriceLimit(tariff.MaxPrice),
            Elements = TariffTaxes.ElementsExcludingTaxes(tariff, To, context),
            StartDateTime = tariff.StartDateTime,
            EndDateTime = tariff.EndDateTime,
            EnergyMix = tariff.EnergyMix is null ? null : FromCanonical(tariff.EnergyMix, context),
            LastUpdated = tariff.LastUpdated,
            Extensions = Carry.Strip(tariff.Extensions),
        };
    }
}
