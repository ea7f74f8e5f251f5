using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// What Sessions and CDRs share in 2.1.1: the token named by auth_id, the embedded Location with the one EVSE and
// Connector used (2.2+: ids, or a CdrLocation), and charging periods that may hold FLAT dimensions.
public static partial class Translator
{
    private const string CarriedLocation = "location";
    private const string CarriedPeriods = "charging_periods";

    /// <summary>
    /// 2.2+ names the token fully; 2.1.1 only by auth_id (= contract_id). The hub's store knows the rest. A contract
    /// id is meant to be one eMSP's; if several hold it, the hub cannot tell whose it is and names no owner. One
    /// contract may have several cards: the one whose uid is the contract id, else the first by uid is named
    /// (reported), so a Session and its CDR name the same card whatever happens to the cards meanwhile.
    /// </summary>
    private static V230.CdrToken? CdrTokenOf(string? authId, string objectName, TranslationContext context)
    {
        if (authId is null)
            return null;
        var tokens = context.Lookup?.FindTokensByContractId(authId) ?? [];
        var owners = tokens.Select(t => (t.CountryCode, t.PartyId)).Distinct().Count();
        if (owners == 1)
        {
            var token = tokens.OrderByDescending(t => SameId(t.Uid, authId)).ThenBy(t => t.Uid, StringComparer.Ordinal).First();
            if (tokens.Count > 1)
                context.Lost(objectName, "cdr_token", To, OcpiVersion.V230,
                    $"auth_id '{authId}' names {tokens.Count} tokens of {token.CountryCode}*{token.PartyId}: uid '{token.Uid}' named");
            return new() { CountryCode = token.CountryCode, PartyId = token.PartyId, Uid = token.Uid, Type = token.Type, ContractId = authId };
        }
        context.Lost(objectName, "cdr_token", To, OcpiVersion.V230, (owners == 0
            ? $"token '{authId}' unknown to the hub"
            : $"auth_id '{authId}' is held by {owners} eMSPs, whose it is cannot be told") +
            ": uid set to the auth_id, type OTHER, no eMSP country_code/party_id");
        return new() { Uid = authId, Type = TokenType.Other, ContractId = authId };
    }

    private static (string? LocationId, string? EvseUid, string? ConnectorId) IdsOf(Location? location)
    {
        var evse = location?.Evses?.FirstOrDefault();
        return (location?.Id, evse?.Uid, evse?.Connectors?.FirstOrDefault()?.Id);
    }

    /// <summary>
    /// The Location a 2.1.1 Session or CDR embeds: the one carried up from 2.1.1 if it is still the same place;
    /// else built from the hub's stored Location, reduced to the EVSE and Connector used, under what the object
    /// itself says (a CDR's <paramref name="sealedPlace"/>, as it was at the session start); else from the object
    /// alone (reported). The stored Location is translated on a context of its own: its losses belong to the
    /// Locations module, not to this object. A CDR charged by one tariff names it as the connector's
    /// (<paramref name="chargedTariffId"/>), not the stored connector's of today.
    /// </summary>
    private static Location? EmbeddedLocation(
        string objectName, PartyRef? owner, (string? LocationId, string? EvseUid, string? ConnectorId) ids,
        V230.CdrLocation? sealedPlace, Dictionary<string, JsonElement>? extensions, DateTimeOffset? asOf, TranslationContext context,
        string? chargedTariffId = null)
    {
        if (ids.LocationId is not { } locationId)
            return null;
        if (Carry.Read<Location>(Carry.Of(extensions, To), CarriedLocation, To) is { } carried && IdsOf(carried) is var carriedIds
            && SameId(carriedIds.LocationId, ids.LocationId) && SameId(carriedIds.EvseUid, ids.EvseUid) && SameId(carriedIds.ConnectorId, ids.ConnectorId))
            return carried;
        var stored = owner is null ? null : context.Lookup?.FindLocation(owner, locationId);
        if (stored is null)
            context.Lost(objectName, "location", OcpiVersion.V230, To, sealedPlace is null
                ? "Location unknown to the hub: the embedded Location holds only the location, EVSE and connector ids"
                : "Location unknown to the hub: the embedded Location is built from cdr_location; type, EVSE status and connector voltage/amperage unknown");
        var storedEvse = stored?.Evses?.FirstOrDefault(e => SameId(e.Uid, ids.EvseUid));
        var storedConnector = storedEvse?.Connectors?.FirstOrDefault(c => SameId(c.Id, ids.ConnectorId));
        if (stored is not null && storedConnector is null)
            context.Lost(objectName, "location", OcpiVersion.V230, To, storedEvse is null
                ? $"the stored Location has no EVSE '{ids.EvseUid}' (any more): its status and the connector's voltage/amperage unknown"
                : $"the stored EVSE has no connector '{ids.ConnectorId}' (any more): its voltage/amperage unknown");
        var ownContext = new TranslationContext(context.Owner, context.Lookup) { Now = context.Now };
        var location = stored is null
            ? new Location { Id = locationId, Type = LocationType.Unknown, LastUpdated = asOf }
            : FromCanonical(stored with { Evses = [] }, ownContext);
        var evse = storedEvse is null
            ? new Evse { Uid = ids.EvseUid, Status = EvseStatus.Unknown, LastUpdated = asOf }
            : FromCanonical(storedEvse with { Connectors = [] }, ownContext);
        // The plug the session is at: a standard 2.1.1 lacks stays as it is, since the Session cannot be held back.
        var connector = storedConnector is null
            ? new Connector { Id = ids.ConnectorId, LastUpdated = asOf }
            : FromCanonical(storedConnector, ownContext) with { Standard = storedConnector.Standard };
        if (chargedTariffId is not null)
            connector = connector with { TariffId = chargedTariffId };
        if (sealedPlace is not null)
            (location, evse, connector) = Sealed(location, evse, connector, sealedPlace, objectName, context);
        return location with { Evses = [evse with { Connectors = [connector] }] };
    }

    private static (Location, Evse, Connector) Sealed(
        Location location, Evse evse, Connector connector, V230.CdrLocation place, string objectName, TranslationContext context) =>
    (
        location with
        {
            Name = place.Name,
            Address = TextLengths.Truncated(place.Address, TextLengths.Address, To, context, objectName, "cdr_location.address"),
            City = place.City,
            PostalCode = place.PostalCode ?? location.PostalCode ?? "",
            Country = place.Country,
            Coordinates = WithSixDecimals(place.Coordinates, objectName, context),
        },
        evse with { EvseId = place.EvseId },
        connector with
        {
            // Required and without equivalent, but the CDR cannot be held back: as it is, reported (as for 2.2.1).
            Standard = EnumTranslation.Down(place.ConnectorStandard, To, context, objectName, "cdr_location.connector_standard", place.ConnectorStandard),
            Format = place.ConnectorFormat,
            PowerType = EnumTranslation.Down(place.ConnectorPowerType, To, context, objectName, "cdr_location.connector_power_type", PowerType.Ac1Phase),
        }
    );

    /// <summary>The CDR's place as 2.2+ seals it, from the Location a 2.1.1 CDR embeds.</summary>
    private static V230.CdrLocation? CdrLocationOf(Location? location)
    {
        if (location is null)
            return null;
        var evse = location.Evses?.FirstOrDefault();
        var connector = evse?.Connectors?.FirstOrDefault();
        return new()
        {
            Id = location.Id,
            Name = location.Name,
            Address = location.Address,
            City = location.City,
            PostalCode = location.PostalCode,
            Country = location.Country,
            Coordinates = location.Coordinates,
            EvseUid = evse?.Uid,
            EvseId = evse?.EvseId,
            ConnectorId = connector?.Id,
            ConnectorStandard = connector?.Standard,
            ConnectorFormat = connector?.Format,
            ConnectorPowerType = connector?.PowerType,
        };
    }

    private static bool SameId(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// FLAT dimensions exist only in 2.1.1: they are left out of the canonical periods (a period left empty goes)
    /// and the 2.1.1 periods are carried whole, so 2.1.1 peers get them back as written.
    /// </summary>
    private static (IReadOnlyList<V230.ChargingPeriod>? Periods, JsonNode? Carried) PeriodsUp(
        IReadOnlyList<V230.ChargingPeriod>? periods, string objectName, TranslationContext context)
    {
        if (periods is null || !periods.Any(p => p.Dimensions?.Any(d => d.Type == CdrDimensionType.Flat) == true))
            return (periods, null);
        context.Lost(objectName, "charging_periods", To, OcpiVersion.V230, "FLAT dimensions left out: not defined after 2.1.1");
        var canonical = periods
            .Select(p => p with { Dimensions = p.Dimensions?.Where(d => d.Type != CdrDimensionType.Flat).ToArray() })
            .Where(p => p.Dimensions is not { Count: 0 })
            .ToArray();
        return (canonical, Carry.Node(periods, To));
    }

    /// <param name="impliedTariffId">A CDR's only tariff: periods naming it lose nothing, the 2.1.1 CDR names it.</param>
    private static IReadOnlyList<V230.ChargingPeriod>? PeriodsDown(IReadOnlyList<V230.ChargingPeriod>? periods,
        Dictionary<string, JsonElement>? extensions, string objectName, TranslationContext context, string? impliedTariffId = null)
    {
        if (Carry.Read<IReadOnlyList<V230.ChargingPeriod>>(Carry.Of(extensions, To), CarriedPeriods, To) is { } carried)
            return carried;
        if (periods is null)
            return null;
        var tariffIds = periods.Count(p => p.TariffId is not null && !SameId(p.TariffId, impliedTariffId));
        if (tariffIds > 0)
            context.Lost(objectName, "charging_periods.tariff_id", OcpiVersion.V230, To, $"dropped from {tariffIds} period(s): new in 2.2");
        var undefined = periods.SelectMany(p => p.Dimensions ?? []).Select(d => d.Type).OfType<CdrDimensionType>()
            .Where(type => !CdrDimensionType.Domain.Defines(type.Value, To)).Distinct().ToArray();
        var result = periods
            .Select(p => p with
            {
                TariffId = null,
                Dimensions = p.Dimensions?.Where(d => d.Type is not { } type || CdrDimensionType.Domain.Defines(type.Value, To)).ToArray(),
                Extensions = Carry.Strip(p.Extensions),
            })
            .Where(p => p.Dimensions is not { Count: 0 })
            .ToArray();
        if (undefined.Length > 0)
            context.Lost(objectName, "charging_periods.dimensions", OcpiVersion.V230, To,
                $"{string.Join(", ", undefined)} not defined in 2.1.1: dropped" +
                (result.Length < periods.Count ? $"; {periods.Count - result.Length} period(s) left empty dropped" : ""));
        return result;
    }
}
