using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Locations: 2.2.1 uses the 2.3.0 types. 2.3.0 added parking places, help_phone, EVSE parking and accepted
// service providers, connector capabilities and enum values; going down they are dropped and reported.
public static partial class Translator
{
    public static Location ToCanonical(Location location, TranslationContext context) => location;

    public static Location FromCanonical(Location location, TranslationContext context)
    {
        context.Drop(location.ParkingPlaces, nameof(Location), "parking_places", To, "dropped: parking places are new in 2.3.0");
        context.Drop(location.HelpPhone, nameof(Location), "help_phone", To, "dropped: new in 2.3.0");
        return location with
        {
            PublishAllowedTo = location.PublishAllowedTo?.Select(allowed => FromCanonical(allowed, context)).ToArray(),
            Address = TextLengths.Truncated(location.Address, TextLengths.Address, To, context, nameof(Location), "address"),
            State = TextLengths.Truncated(location.State, TextLengths.State, To, context, nameof(Location), "state"),
            ParkingPlaces = null,
            HelpPhone = null,
            ParkingType = EnumTranslation.Down(location.ParkingType, To, context, nameof(Location), "parking_type"),
            Operator = ImageTranslation.Down(location.Operator, To, context),
            Suboperator = ImageTranslation.Down(location.Suboperator, To, context),
            Owner = ImageTranslation.Down(location.Owner, To, context),
            Images = ImageTranslation.Down(location.Images, To, context),
            Evses = EnumTranslation.DropIncomplete(location.Evses?.Select(evse => FromCanonical(evse, context)).ToArray(),
                evse => evse.Connectors is { Count: 0 }, evse => evse.Uid, To, context, nameof(Location), "evses", "no connector left that 2.2.1 can describe"),
            Facilities = EnumTranslation.KeepDefined(location.Facilities, To, context, nameof(Location), "facilities"),
            OpeningTimes = location.OpeningTimes is null ? null : FromCanonical(location.OpeningTimes, context),
            EnergyMix = location.EnergyMix is null ? null : FromCanonical(location.EnergyMix, context),
            Extensions = Carry.Strip(location.Extensions),
        };
    }

    public static Evse ToCanonical(Evse evse, TranslationContext context) => evse;

    public static Evse FromCanonical(Evse evse, TranslationContext context)
    {
        context.Drop(evse.Parking, nameof(Evse), "parking", To, "dropped: parking places are new in 2.3.0");
        context.Drop(evse.AcceptedServiceProviders, nameof(Evse), "accepted_service_providers", To, "dropped: new in 2.3.0");
        return evse with
        {
            Capabilities = EnumTranslation.KeepDefined(evse.Capabilities, To, context, nameof(Evse), "capabilities"),
            Images = ImageTranslation.Down(evse.Images, To, context),
            Connectors = EnumTranslation.DropIncomplete(evse.Connectors?.Select(connector => FromCanonical(connector, context)).ToArray(),
                connector => connector.Standard is null, connector => connector.Id, To, context, nameof(Evse), "connectors", "its standard is not a 2.2.1 one"),
            ParkingRestrictions = EnumTranslation.KeepDefined(evse.ParkingRestrictions, To, context, nameof(Evse), "parking_restrictions"),
            Parking = null,
            AcceptedServiceProviders = null,
            Extensions = Carry.Strip(evse.Extensions),
        };
    }

    public static Connector ToCanonical(Connector connector, TranslationContext context) => connector;

    public static Connector FromCanonical(Connector connector, TranslationContext context)
    {
        context.Drop(connector.Capabilities, nameof(Connector), "capabilities", To, "dropped: connector capabilities are new in 2.3.0");
        return connector with
        {
            // 2.2.1's ConnectorType is a fixed list: MCS, SAE_J3400 and custom plugs have no 2.2.1 name (none is
            // equivalent) and are left out, reported; the EVSE then drops the connector.
            Standard = EnumTranslation.Down(connector.Standard, To, context, nameof(Connector), "standard"),
            Capabilities = null,
            Extensions = Carry.Strip(connector.Extensions),
        };
    }

    public static EnergyMix ToCanonical(EnergyMix mix, TranslationContext context) => mix;

    public static EnergyMix FromCanonical(EnergyMix mix, TranslationContext context) => mix with
    {
        EnvironImpact = EnumTranslation.DropIncomplete(mix.EnvironImpact?.Select(impact => impact with
        {
            Category = EnumTranslation.Down(impact.Category, To, context, nameof(EnvironmentalImpact), "category"),
            Extensions = Carry.Strip(impact.Extensions),
        }).ToArray(), impact => impact.Category is null, _ => null, To, context, nameof(EnergyMix), "environ_impact", "its category is not a 2.2.1 one"),
        Extensions = Carry.Strip(mix.Extensions),
    };

    public static Hours ToCanonical(Hours hours, TranslationContext context) => hours;

    public static Hours FromCanonical(Hours hours, TranslationContext context) => hours with { Extensions = Carry.Strip(hours.Extensions) };

    public static PublishTokenType FromCanonical(PublishTokenType allowed, TranslationContext context) => allowed with
    {
        Type = TokenTypeDown(allowed.Type, nameof(PublishTokenType), context),
        Extensions = Carry.Strip(allowed.Extensions),
    };
}
