using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Tests.Translation;
using OcpiHub.Protocol.Validation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Tests.Validation;

public class TariffRulesTests
{
    [Fact]
    public void A_reservation_element_may_price_only_flat_fees_and_time()
    {
        var tariff = Build.Tariff(TaxIncluded.No) with
        {
            Elements = [new TariffElement
            {
                PriceComponents = [Build.Component(TariffDimensionType.Time, 5m), Build.Component(TariffDimensionType.Energy, 0.25m)],
                Restrictions = new() { Reservation = ReservationRestrictionType.Reservation },
            }],
        };

        var problem = Assert.Single(OcpiValidator.Validate(tariff, OcpiVersion.V230));

        Assert.Equal("$.elements[0].price_components[1].type", problem.Path);
        Assert.Contains("ENERGY", problem.Reason);
    }

    [Theory]
    [InlineData("24:00", "start_time")]
    [InlineData("9:00", "start_time")]
    public void Restriction_times_are_hours_and_minutes(string time, string field)
    {
        var tariff = Build.Tariff(TaxIncluded.No) with
        {
            Elements = [new TariffElement { PriceComponents = [Build.Component(TariffDimensionType.Time, 1m)], Restrictions = new() { StartTime = time } }],
        };

        var problem = Assert.Single(OcpiValidator.Validate(tariff, OcpiVersion.V230));

        Assert.Equal($"$.elements[0].restrictions.{field}", problem.Path);
    }
}
