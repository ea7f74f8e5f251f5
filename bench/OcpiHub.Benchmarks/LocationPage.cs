using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Benchmarks;

/// <summary>A page of realistic, distinct Locations: each with two EVSEs of two connectors, hours and an operator.</summary>
public static class LocationPage
{
    public static List<Location> Create(int count) => Create(count, 0);

    /// <summary>Locations number <paramref name="first"/> onwards (a store is filled in batches).</summary>
    public static List<Location> Create(int count, int first) => Enumerable.Range(first, count).Select(Location).ToList();

    private static Location Location(int i)
    {
        var updated = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(i);
        return new()
        {
            CountryCode = "NL",
            PartyId = "CPO",
            Id = $"LOC{i:D6}",
            Publish = true,
            Name = $"Charging plaza {i}",
            Address = $"Stationsstraat {i}",
            City = "Utrecht",
            PostalCode = "3511 AB",
            Country = "NLD",
            Coordinates = new() { Latitude = $"52.{i % 100000:D6}", Longitude = $"5.{i % 100000:D6}" },
            ParkingType = ParkingType.ParkingLot,
            Evses = [Evse(i, 1, updated), Evse(i, 2, updated)],
            Operator = new() { Name = "Example Charging", Website = "https://example.com" },
            Facilities = [Facility.Cafe, Facility.Supermarket],
            TimeZone = "Europe/Amsterdam",
            OpeningTimes = new() { Twentyfourseven = true },
            ChargingWhenClosed = true,
            LastUpdated = updated,
        };
    }

    private static Evse Evse(int location, int n, DateTimeOffset updated) => new()
    {
        Uid = $"{location}-{n}",
        EvseId = $"NL*CPO*E{location:D6}{n}",
        Status = n == 1 ? EvseStatus.Available : EvseStatus.Charging,
        Capabilities = [Capability.RemoteStartStopCapable, Capability.RfidReader],
        Connectors =
        [
            new() { Id = "1", Standard = ConnectorType.Iec62196T2, Format = ConnectorFormat.Socket, PowerType = PowerType.Ac3Phase, MaxVoltage = 230, MaxAmperage = 32, MaxElectricPower = 22000, TariffIds = ["AC1"], LastUpdated = updated },
            new() { Id = "2", Standard = ConnectorType.Iec62196T2Combo, Format = ConnectorFormat.Cable, PowerType = PowerType.Dc, MaxVoltage = 920, MaxAmperage = 200, MaxElectricPower = 150000, TariffIds = ["DC1"], LastUpdated = updated },
        ],
        PhysicalReference = $"{n}",
        LastUpdated = updated,
    };
}
