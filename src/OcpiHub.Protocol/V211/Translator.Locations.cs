using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Locations: a 2.1.1 Location has no owner and no publish flag, a required LocationType where 2.2+ has an optional
// ParkingType, and its connectors have voltage/amperage and one tariff_id. Hours and energy mix: see
// Translator.LocationParts.cs.
public static partial class Translator
{
    /// <summary>The carried key of a time zone the hub derived (<see cref="TimeZones"/>), which the 2.1.1 owner did not send.</summary>
    private const string DerivedTimeZone = "derived_time_zone";

    private static readonly HashSet<string> SharedParkingTypes = ["ON_STREET", "PARKING_GARAGE", "UNDERGROUND_GARAGE", "PARKING_LOT"];

    public static V230.Location ToCanonical(Location location, TranslationContext context)
    {
        // 2.2.1+ require a time_zone that 2.1.1 may leave out: derived where the country and coordinates tell.
        var derivedTimeZone = location.TimeZone is null && !context.IsPatch ? TimeZones.Derive(location.Country, location.Coordinates) : null;
        if (location.TimeZone is null && derivedTimeZone is null && !context.IsPatch)
            context.Lost(nameof(Location), "time_zone", To, OcpiVersion.V230,
                "2.1.1 Location without time_zone (required from 2.2.1 on) in a country with several zones and no usable coordinates: sent without one");
        ReportLongId(location.Id, nameof(Location), "id", To, OcpiVersion.V230, context);
        var parkingType = location.Type is { } type && SharedParkingTypes.Contains(type.Value) ? ParkingType.From(type.Value) : (ParkingType?)null;
        var unmappedType = parkingType is null ? location.Type : null;
        if (unmappedType is { } unmapped && unmapped != LocationType.Unknown)
            context.Lost(nameof(Location), "type", To, OcpiVersion.V230,
                $"'{unmapped}' has no parking_type: sent without one (kept for 2.1.1 peers)");
        return new()
        {
            CountryCode = context.Owner?.CountryCode,
            PartyId = context.Owner?.PartyId,
            Id = location.Id,
            // 2.1.1 has no visibility restriction: everything it sends is public.
            Publish = context.IsPatch ? null : true,
            Name = location.Name,
            Address = location.Address,
            City = location.City,
            PostalCode = location.PostalCode,
            Country = location.Country,
            Coordinates = location.Coordinates,
            RelatedLocations = location.RelatedLocations,
            ParkingType = parkingType,
            Evses = location.Evses?.Select(evse => ToCanonical(evse, context)).ToArray(),
            Directions = location.Directions,
            Operator = location.Operator,
            Suboperator = location.Suboperator,
            Owner = location.Owner,
            Facilities = location.Facilities,
            TimeZone = location.TimeZone ?? derivedTimeZone,
            OpeningTimes = location.OpeningTimes is null ? null : ToCanonical(location.OpeningTimes, context),
            ChargingWhenClosed = location.ChargingWhenClosed,
            Images = location.Images,
            EnergyMix = location.EnergyMix is null ? null : ToCanonical(location.EnergyMix, context),
            LastUpdated = location.LastUpdated,
            Extensions = Carry.Up(location.Extensions, To, ("type", unmappedType is { } t ? JsonValue.Create(t.Value) : null),
                (DerivedTimeZone, derivedTimeZone is null ? null : JsonValue.Create(derivedTimeZone))),
        };
    }

    public static Location FromCanonical(V230.Location location, TranslationContext context)
    {
        const string name = nameof(Location);
        if (location.Publish == false)
            context.Lost(name, "publish", OcpiVersion.V230, To,
                "publish=false cannot be expressed: a 2.1.1 receiver shows the Location to all its drivers");
        context.Drop(location.PublishAllowedTo, name, "publish_allowed_to", To, "dropped: 2.1.1 cannot restrict visibility");
        context.Drop(location.State, name, "state", To, "dropped: 2.1.1 Location has no state");
        context.Drop(location.ParkingPlaces, name, "parking_places", To, "dropped: parking places are new in 2.3.0");
        context.Drop(location.HelpPhone, name, "help_phone", To, "dropped: new in 2.3.0");
        return new()
        {
            Id = location.Id,
            Type = LocationTypeOf(location, context),
            Name = location.Name,
            Address = TextLengths.Truncated(location.Address, TextLengths.Address, To, context, name, "address"),
            City = location.City,
            PostalCode = location.PostalCode ?? MissingPostalCode(context),
            Country = location.Country,
            Coordinates = WithSixDecimals(location.Coordinates, name, context),
            RelatedLocations = location.RelatedLocations?.Select(related => WithSixDecimals(related, name, context)).ToArray(),
            Evses = EnumTranslation.DropIncomplete(location.Evses?.Select(evse => FromCanonical(evse, context)).ToArray(),
                evse => evse.Connectors is { Count: 0 }, evse => evse.Uid, To, context, name, "evses", "no connector left that 2.1.1 can describe"),
            Directions = location.Directions,
            Operator = ImageTranslation.Down(location.Operator, To, context),
            Suboperator = ImageTranslation.Down(location.Suboperator, To, context),
            Owner = ImageTranslation.Down(location.Owner, To, context),
            Facilities = EnumTranslation.KeepDefined(location.Facilities, To, context, name, "facilities"),
            // A zone the hub derived goes back to its 2.1.1 owner's peers as the owner sent it: without one.
            TimeZone = location.TimeZone == Carry.Of(location.Extensions, To)[DerivedTimeZone]?.GetValue<string>() ? null : location.TimeZone,
            OpeningTimes = location.OpeningTimes is null ? null : FromCanonical(location.OpeningTimes, context),
            ChargingWhenClosed = location.ChargingWhenClosed,
            Images = ImageTranslation.Down(location.Images, To, context),
            EnergyMix = location.EnergyMix is null ? null : FromCanonical(location.EnergyMix, context),
            LastUpdated = location.LastUpdated,
            Extensions = Carry.Strip(location.Extensions),
        };
    }

    public static V230.Evse ToCanonical(Evse evse, TranslationContext context)
    {
        ReportLongId(evse.Uid, nameof(Evse), "uid", To, OcpiVersion.V230, context);
        return new()
        {
            Uid = evse.Uid,
            EvseId = evse.EvseId,
            Status = evse.Status,
            StatusSchedule = evse.StatusSchedule,
            Capabilities = evse.Capabilities,
            Connectors = evse.Connectors?.Select(connector => ToCanonical(connector, context)).ToArray(),
            FloorLevel = evse.FloorLevel,
            Coordinates = evse.Coordinates,
            PhysicalReference = evse.PhysicalReference,
            Directions = evse.Directions,
            ParkingRestrictions = evse.ParkingRestrictions,
            Images = evse.Images,
            LastUpdated = evse.LastUpdated,
            Extensions = evse.Extensions,
        };
    }

    public static Evse FromCanonical(V230.Evse evse, TranslationContext context)
    {
        const string name = nameof(Evse);
        context.Drop(evse.Parking, name, "parking", To, "dropped: parking places are new in 2.3.0");
        context.Drop(evse.AcceptedServiceProviders, name, "accepted_service_providers", To, "dropped: new in 2.3.0");
        return new()
        {
            Uid = evse.Uid,
            EvseId = evse.EvseId,
            Status = evse.Status,
            StatusSchedule = evse.StatusSchedule,
            Capabilities = EnumTranslation.KeepDefined(evse.Capabilities, To, context, name, "capabilities"),
            Connectors = EnumTranslation.DropIncomplete(evse.Connectors?.Select(connector => FromCanonical(connector, context)).ToArray(),
                connector => connector.Standard is null, connector => connector.Id, To, context, name, "connectors", "its standard is not a 2.1.1 one"),
            FloorLevel = evse.FloorLevel,
            Coordinates = WithSixDecimals(evse.Coordinates, name, context),
            PhysicalReference = evse.PhysicalReference,
            Directions = evse.Directions,
            ParkingRestrictions = EnumTranslation.KeepDefined(evse.ParkingRestrictions, To, context, name, "parking_restrictions"),
            Images = ImageTranslation.Down(evse.Images, To, context),
            LastUpdated = evse.LastUpdated,
            Extensions = Carry.Strip(evse.Extensions),
        };
    }

    public static V230.Connector ToCanonical(Connector connector, TranslationContext context) => new()
    {
        Id = connector.Id,
        Standard = connector.Standard,
        Format = connector.Format,
        PowerType = connector.PowerType,
        MaxVoltage = connector.Voltage,
        MaxAmperage = connector.Amperage,
        TariffIds = connector.TariffId is { } tariffId ? [tariffId] : null,
        TermsAndConditions = connector.TermsAndConditions,
        LastUpdated = connector.LastUpdated,
        Extensions = connector.Extensions,
    };

    public static Connector FromCanonical(V230.Connector connector, TranslationContext context)
    {
        const string name = nameof(Connector);
        context.Drop(connector.MaxElectricPower, name, "max_electric_power", To, "dropped: 2.1.1 has no maximum power");
        context.Drop(connector.Capabilities, name, "capabilities", To, "dropped: connector capabilities are new in 2.3.0");
        return new()
        {
            Id = connector.Id,
            Standard = EnumTranslation.Down(connector.Standard, To, context, name, "standard"),
            Format = connector.Format,
            // Two-phase and split-phase supplies are single-phase-like for a 2.1.1 receiver's power estimate.
            PowerType = EnumTranslation.Down(connector.PowerType, To, context, name, "power_type", PowerType.Ac1Phase),
            Voltage = connector.MaxVoltage,
            Amperage = connector.MaxAmperage,
            TariffId = TariffFor211(connector.TariffIds, context),
            TermsAndConditions = connector.TermsAndConditions,
            LastUpdated = connector.LastUpdated,
            Extensions = Carry.Strip(connector.Extensions),
        };
    }

    /// <summary>
    /// 2.1.1 holds one tariff and applies it to every session: the first of the list a 2.1.1 receiver is given now
    /// (<see cref="IsFor211At"/>); where the hub holds none such, the first it does not hold, which may come later (the
    /// Location reaches 2.1.1 receivers again when a tariff it holds comes, changes or goes and changes the choice). A
    /// tariff its owner deleted is so never named while another is given. The others are dropped, reported. None
    /// given: no tariff_id, reported.
    /// </summary>
    private static string? TariffFor211(IReadOnlyList<string>? tariffIds, TranslationContext context)
    {
        if (tariffIds is not { Count: > 0 })
            return null;
        // Every tariff is asked before one is chosen, so that the hub's store answers them all at once.
        var held = tariffIds.Select(id => context.Owner is { } owner ? context.Lookup?.FindTariff(owner, id) : null).ToArray();
        var chosen = tariffIds.Where((_, i) => held[i] is { } tariff && (context.Now is { } now ? IsFor211At(tariff, now) : IsFor211(tariff))).FirstOrDefault()
                     ?? tariffIds.Where((_, i) => held[i] is null).FirstOrDefault();
        var dropped = string.Join(", ", tariffIds.Where(id => id != chosen));
        if (dropped.Length > 0)
            context.Lost(nameof(Connector), "tariff_ids", OcpiVersion.V230, To, chosen is null
                ? $"none of {dropped} is a tariff a 2.1.1 receiver gets now (untyped or REGULAR, valid): sent without tariff_id"
                : $"2.1.1 holds one tariff_id: sent '{chosen}', dropped {dropped}");
        return chosen;
    }

    // The 2.1.1 type that came up, else the shared values; 2.2+ values become OTHER; none at all is UNKNOWN.
    private static LocationType? LocationTypeOf(V230.Location location, TranslationContext context)
    {
        if (location.ParkingType is { } parkingType)
        {
            if (SharedParkingTypes.Contains(parkingType.Value))
                return LocationType.From(parkingType.Value);
            context.Lost(nameof(Location), "parking_type", OcpiVersion.V230, To, $"'{parkingType}' is not a 2.1.1 type; sent as 'OTHER'");
            return LocationType.Other;
        }
        if (Carry.Of(location.Extensions, To)["type"] is { } carried)
            return LocationType.From(carried.GetValue<string>());
        return context.IsPatch ? null : LocationType.Unknown;
    }

    // 2.1.1 requires a postal code that 2.2+ may omit; an empty one keeps the Location acceptable.
    private static string? MissingPostalCode(TranslationContext context)
    {
        if (context.IsPatch)
            return null;
        context.Lost(nameof(Location), "postal_code", OcpiVersion.V230, To, "none given but required in 2.1.1: sent as \"\"");
        return "";
    }
}
