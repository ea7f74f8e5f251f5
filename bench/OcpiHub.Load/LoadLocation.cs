using System.Globalization;

namespace OcpiHub.Load;

/// <summary>One small 2.2.1 Location (one EVSE <c>EVSE1</c>, one connector) as a CPO pushes it to the hub.</summary>
public static class LoadLocation
{
    public static string Json(string countryCode, string partyId, string id, DateTimeOffset at) => $$"""
        {"country_code":"{{countryCode}}","party_id":"{{partyId}}","id":"{{id}}","publish":true,"name":"Plaza","address":"Stationsplein 1","city":"Utrecht",
         "postal_code":"3511AB","country":"NLD","coordinates":{"latitude":"52.089444","longitude":"5.110278"},"parking_type":"PARKING_LOT",
         "evses":[{"uid":"EVSE1","evse_id":"{{countryCode}}*{{partyId}}*E1","status":"AVAILABLE","connectors":[{"id":"1","standard":"IEC_62196_T2","format":"SOCKET",
           "power_type":"AC_3_PHASE","max_voltage":230,"max_amperage":32,"tariff_ids":["T1"],"last_updated":"{{Format(at)}}"}],"last_updated":"{{Format(at)}}"}],
         "time_zone":"Europe/Amsterdam","last_updated":"{{Format(at)}}"}
        """;

    public static string Format(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
