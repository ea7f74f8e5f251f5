using System.Globalization;
using NodaTime.TimeZones;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Protocol.Translation;

/// <summary>
/// The IANA time zone of a place that names none (a 2.1.1 Location may leave <c>time_zone</c> out, 2.2.1+ require
/// it): the country's only zone, or, in a country with several, the zone whose reference point in the time-zone
/// database (zone.tab) is nearest the coordinates. Null when neither tells.
/// </summary>
public static class TimeZones
{
    private static readonly ILookup<string, TzdbZoneLocation> ZonesByCountry =
        (TzdbDateTimeZoneSource.Default.ZoneLocations ?? []).ToLookup(zone => zone.CountryCode, StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone of a place in <paramref name="alpha3Country"/> (ISO 3166-1 alpha-3) at <paramref name="coordinates"/>.</summary>
    public static string? Derive(string? alpha3Country, GeoLocation? coordinates)
    {
        if (CountryCodes.Alpha2Of(alpha3Country) is not { } country)
            return null;
        var zones = ZonesByCountry[country].ToList();
        if (zones.Select(z => z.ZoneId).Distinct().Count() == 1)
            return zones[0].ZoneId;
        if (zones.Count == 0 || !TryRead(coordinates, out var latitude, out var longitude))
            return null;
        return zones.MinBy(zone => Distance(latitude, longitude, zone.Latitude, zone.Longitude))!.ZoneId;
    }

    private static bool TryRead(GeoLocation? coordinates, out double latitude, out double longitude)
    {
        longitude = 0;
        return double.TryParse(coordinates?.Latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
               && double.TryParse(coordinates?.Longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out longitude);
    }

    /// <summary>The central angle between two points (haversine): enough to compare distances.</summary>
    private static double Distance(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLatitude = Radians(latitude2 - latitude1);
        var dLongitude = Radians(longitude2 - longitude1);
        var a = Math.Pow(Math.Sin(dLatitude / 2), 2)
                + Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Pow(Math.Sin(dLongitude / 2), 2);
        return 2 * Math.Asin(Math.Sqrt(a));
    }
}
