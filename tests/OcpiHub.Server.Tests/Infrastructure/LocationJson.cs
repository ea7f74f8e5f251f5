using OcpiHub.Protocol;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>Small valid Locations, EVSEs and connectors as each version writes them.</summary>
public static class LocationJson
{
    public const string Updated = "2026-11-01T10:00:00Z";

    public static string Connector(OcpiVersion version, string id = "1", string updated = Updated) => version == OcpiVersion.V211
        ? $$"""{"id":"{{id}}","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","voltage":230,"amperage":32,"tariff_id":"T1","last_updated":"{{updated}}"}"""
        : $$"""{"id":"{{id}}","standard":"IEC_62196_T2","format":"SOCKET","power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"tariff_ids":["T1"],"last_updated":"{{updated}}"}""";

    /// <summary>An EVSE whose evse_id is the eMI3 form of its uid (<c>*</c> separators only).</summary>
    public static string Evse(OcpiVersion version, string uid, string status = "AVAILABLE", string updated = Updated) =>
        $$"""{"uid":"{{uid}}","evse_id":"NL*CPO*E{{uid.Replace('-', '*')}}","status":"{{status}}","connectors":[{{Connector(version, "1", updated)}}],"last_updated":"{{updated}}"}""";

    public static string Location(OcpiVersion version, string countryCode, string partyId, string id, string updated = Updated) => version == OcpiVersion.V211
        ? $$"""
          {"id":"{{id}}","type":"PARKING_LOT","name":"Plaza {{id}}","address":"Stationsplein 1","city":"Utrecht","postal_code":"3511AB","country":"NLD",
           "coordinates":{"latitude":"52.089444","longitude":"5.110278"},"evses":[{{Evse(version, id + "-E1", updated: updated)}}],
           "time_zone":"Europe/Amsterdam","last_updated":"{{updated}}"}
          """
        : $$"""
          {"country_code":"{{countryCode}}","party_id":"{{partyId}}","id":"{{id}}","publish":true,"name":"Plaza {{id}}","address":"Stationsplein 1",
           "city":"Utrecht","postal_code":"3511AB","country":"NLD","coordinates":{"latitude":"52.089444","longitude":"5.110278"},
           "parking_type":"PARKING_LOT","evses":[{{Evse(version, id + "-E1", updated: updated)}}],"time_zone":"Europe/Amsterdam","last_updated":"{{updated}}"}
          """;

    /// <summary>A 2.2.1+ <paramref name="location"/> (as <see cref="Location"/> writes it) whose connector lists <paramref name="tariffIds"/> instead of T1.</summary>
    public static string WithTariffIds(string location, params IEnumerable<string> tariffIds) =>
        location.Replace("\"tariff_ids\":[\"T1\"]", $"\"tariff_ids\":[{string.Join(',', tariffIds.Select(id => $"\"{id}\""))}]");

    /// <summary><paramref name="location"/> (as <see cref="Location"/> writes it) with <paramref name="evses"/> instead of its one EVSE.</summary>
    public static string WithEvses(string location, IEnumerable<string> evses)
    {
        var start = location.IndexOf("\"evses\":[", StringComparison.Ordinal);
        var end = location.IndexOf("],\"time_zone\"", StringComparison.Ordinal) + 1;
        return location.Replace(location[start..end], $"\"evses\":[{string.Join(',', evses)}]");
    }
}
