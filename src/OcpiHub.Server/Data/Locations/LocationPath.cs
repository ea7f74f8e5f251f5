using OcpiHub.Protocol;

namespace OcpiHub.Server.Data.Locations;

public enum LocationLevel
{
    Location,
    Evse,
    Connector,
}

/// <summary>
/// The object a Locations URL addresses: a Location, one of its EVSEs, or one connector of an EVSE. Also the
/// relative path a delivery keeps (<c>LOC1/EVSE1/1</c>).
/// </summary>
public sealed record LocationPath(string LocationId, string? EvseUid = null, string? ConnectorId = null)
{
    public LocationLevel Level => ConnectorId is not null ? LocationLevel.Connector : EvseUid is not null ? LocationLevel.Evse : LocationLevel.Location;

    public string Relative => string.Join('/', new[] { LocationId, EvseUid, ConnectorId }.OfType<string>().Select(Uri.EscapeDataString));

    public static LocationPath? Parse(string? relative)
    {
        var parts = (relative ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return parts.Length switch
        {
            1 => new(parts[0]),
            2 => new(parts[0], parts[1]),
            3 => new(parts[0], parts[1], parts[2]),
            _ => null,
        };
    }

    /// <summary>The model of this level in <paramref name="version"/> (2.2.1 shares the 2.3.0 types).</summary>
    public Type ModelIn(OcpiVersion version) => (Level, version == OcpiVersion.V211) switch
    {
        (LocationLevel.Location, true) => typeof(Protocol.V211.Location),
        (LocationLevel.Evse, true) => typeof(Protocol.V211.Evse),
        (LocationLevel.Connector, true) => typeof(Protocol.V211.Connector),
        (LocationLevel.Location, false) => typeof(Protocol.V230.Location),
        (LocationLevel.Evse, false) => typeof(Protocol.V230.Evse),
        _ => typeof(Protocol.V230.Connector),
    };

    public Type CanonicalModel => ModelIn(OcpiVersion.V230);

    /// <summary>The body fields that must repeat the URL's ids (2.2.1+ Locations also carry their owner).</summary>
    public (string JsonField, string UrlValue)[] IdsToMatch(OcpiVersion version, Core.Platforms.PartyKey owner) => Level switch
    {
        LocationLevel.Location when version != OcpiVersion.V211 => [("id", LocationId), ("country_code", owner.CountryCode), ("party_id", owner.PartyId)],
        LocationLevel.Location => [("id", LocationId)],
        LocationLevel.Evse => [("uid", EvseUid!)],
        _ => [("id", ConnectorId!)],
    };
}
