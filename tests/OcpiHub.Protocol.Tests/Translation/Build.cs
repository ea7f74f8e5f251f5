using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Translation;

/// <summary>Small hand-made canonical objects where the spec has no example.</summary>
public static class Build
{
    public static readonly DateTimeOffset Updated = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Tariff Tariff(TaxIncluded taxIncluded, params PriceComponent[] components) => new()
    {
        CountryCode = "US",
        PartyId = "CPO",
        Id = "T1",
        Currency = "USD",
        Elements = [new TariffElement { PriceComponents = components.Length == 0 ? [Component(TariffDimensionType.Time, 2m)] : components }],
        TaxIncluded = taxIncluded,
        LastUpdated = Updated,
    };

    public static PriceComponent Component(TariffDimensionType type, decimal price, decimal? vat = null) =>
        new() { Type = type, Price = price, Vat = vat, StepSize = 1 };
}
