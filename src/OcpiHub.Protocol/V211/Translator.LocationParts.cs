using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Parts of a Location shared with Tariffs (energy mix) or with every version in shape (hours, coordinates), whose
// 2.1.1 rules differ: environmental impact has `source` for `category`, Hours is a choice between twentyfourseven
// and regular_hours, coordinates have exactly 6 decimals.
public static partial class Translator
{
    private const string TwentyfoursevenOmitted = "twentyfourseven_omitted";

    public static V230.EnergyMix ToCanonical(EnergyMix mix, TranslationContext context) => new()
    {
        IsGreenEnergy = mix.IsGreenEnergy,
        EnergySources = mix.EnergySources,
        EnvironImpact = mix.EnvironImpact?.Select(impact => ToCanonical(impact, context)).ToArray(),
        SupplierName = mix.SupplierName,
        EnergyProductName = mix.EnergyProductName,
        Extensions = mix.Extensions,
    };

    public static EnergyMix FromCanonical(V230.EnergyMix mix, TranslationContext context) => new()
    {
        IsGreenEnergy = mix.IsGreenEnergy,
        EnergySources = mix.EnergySources,
        EnvironImpact = EnumTranslation.DropIncomplete(mix.EnvironImpact?.Select(impact => FromCanonical(impact, context)).ToArray(),
            impact => impact.Source is null, _ => null, To, context, nameof(EnergyMix), "environ_impact", "its category is not a 2.1.1 source"),
        SupplierName = mix.SupplierName,
        EnergyProductName = mix.EnergyProductName,
        Extensions = Carry.Strip(mix.Extensions),
    };

    public static V230.EnvironmentalImpact ToCanonical(EnvironmentalImpact impact, TranslationContext context) => new()
    {
        Category = impact.Source,
        Amount = impact.Amount,
        Extensions = impact.Extensions,
    };

    public static EnvironmentalImpact FromCanonical(V230.EnvironmentalImpact impact, TranslationContext context) => new()
    {
        Source = EnumTranslation.Down(impact.Category, To, context, nameof(EnvironmentalImpact), "category"),
        Amount = impact.Amount,
        Extensions = Carry.Strip(impact.Extensions),
    };

    /// <summary>
    /// 2.1.1 may give regular hours without <c>twentyfourseven</c>; 2.2+ requires it, so it becomes "not 24/7 when
    /// there are regular hours", and the omission is carried so 2.1.1 gets the Hours back as written.
    /// </summary>
    public static Hours ToCanonical(Hours hours, TranslationContext context) => hours.Twentyfourseven is not null
        ? hours
        : hours with
        {
            Twentyfourseven = hours.RegularHours is not { Count: > 0 },
            Extensions = Carry.Up(hours.Extensions, To, (TwentyfoursevenOmitted, JsonValue.Create(true))),
        };

    public static Hours FromCanonical(Hours hours, TranslationContext context)
    {
        var omitted = Carry.Of(hours.Extensions, To)[TwentyfoursevenOmitted] is not null;
        // The 2.1.1 choice: open 24/7 leaves no room for regular hours.
        var regularHours = hours.RegularHours;
        if (hours.Twentyfourseven == true && !omitted && regularHours is { Count: > 0 })
        {
            context.Lost(nameof(Hours), "regular_hours", OcpiVersion.V230, To, "dropped: 2.1.1 allows them only when not open 24/7");
            regularHours = null;
        }
        return hours with
        {
            Twentyfourseven = omitted ? null : hours.Twentyfourseven,
            RegularHours = regularHours,
            Extensions = Carry.Strip(hours.Extensions),
        };
    }

    [return: NotNullIfNotNull(nameof(point))]
    private static GeoLocation? WithSixDecimals(GeoLocation? point, string objectName, TranslationContext context) => point is null
        ? null
        : point with
        {
            Latitude = SixDecimals(point.Latitude, objectName, "coordinates.latitude", context),
            Longitude = SixDecimals(point.Longitude, objectName, "coordinates.longitude", context),
        };

    private static AdditionalGeoLocation WithSixDecimals(AdditionalGeoLocation point, string objectName, TranslationContext context) => point with
    {
        Latitude = SixDecimals(point.Latitude, objectName, "related_locations.latitude", context),
        Longitude = SixDecimals(point.Longitude, objectName, "related_locations.longitude", context),
    };

    // 2.1.1 coordinates have exactly 6 decimals where 2.2+ allow 5 to 7: pad, or round and report.
    private static string? SixDecimals(string? coordinate, string objectName, string field, TranslationContext context)
    {
        if (coordinate is null || !decimal.TryParse(coordinate, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return coordinate;
        var six = Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("F6", CultureInfo.InvariantCulture);
        if (six == coordinate)
            return coordinate;
        if (Math.Round(value, 6) != value)
            context.Lost(objectName, field, OcpiVersion.V230, To, $"'{coordinate}' rounded to '{six}' (2.1.1 has 6 decimals)");
        return six;
    }
}
