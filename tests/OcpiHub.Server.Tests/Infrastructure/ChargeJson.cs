using OcpiHub.Protocol;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// Small valid Sessions and CDRs as each version writes them, charged at the first EVSE and connector of
/// <see cref="LocationJson.Location"/>. 2.2.1+ name the token fully; 2.1.1 only by its contract id (<c>auth_id</c>).
/// </summary>
public static class ChargeJson
{
    public const string Start = "2026-11-01T10:00:00Z";

    public static string Token(string countryCode, string partyId, string contractId) =>
        $$"""{"country_code":"{{countryCode}}","party_id":"{{partyId}}","uid":"UID-{{contractId}}","type":"RFID","contract_id":"{{contractId}}"}""";

    public static string Period(string start, decimal kwh) => $$"""{"start_date_time":"{{start}}","dimensions":[{"type":"ENERGY","volume":{{kwh}}}]}""";

    /// <summary>A Session of <paramref name="cpo"/> (<c>NL*…</c>) on token <paramref name="token"/> (<c>DE*…</c>), whose contract id is <c>{token}-C1</c>.</summary>
    public static string Session(OcpiVersion version, string cpo, string token, string id, string location) => version == OcpiVersion.V211
        ? $$"""
          {"id":"{{id}}","start_datetime":"{{Start}}","kwh":1.5,"auth_id":"{{ContractId(token)}}","auth_method":"WHITELIST",
           "location":{{LocationJson.Location(version, "NL", cpo, location)}},"currency":"EUR","charging_periods":[{{Period(Start, 1.5m)}}],
           "status":"ACTIVE","last_updated":"{{Start}}"}
          """
        : $$"""
          {"country_code":"NL","party_id":"{{cpo}}","id":"{{id}}","start_date_time":"{{Start}}","kwh":1.5,"cdr_token":{{Token("DE", token, ContractId(token))}},
           "auth_method":"WHITELIST","location_id":"{{location}}","evse_uid":"{{location}}-E1","connector_id":"1","currency":"EUR",
           "charging_periods":[{{Period(Start, 1.5m)}}],"status":"ACTIVE","last_updated":"{{Start}}"}
          """;

    /// <summary>A CDR of <paramref name="cpo"/> on token <paramref name="token"/>, costing 4.00 EUR before taxes.</summary>
    public static string Cdr(OcpiVersion version, string cpo, string token, string id, string location) => version == OcpiVersion.V211
        ? $$"""
          {"id":"{{id}}","start_date_time":"{{Start}}","stop_date_time":"2026-11-01T11:30:00Z","auth_id":"{{ContractId(token)}}","auth_method":"WHITELIST",
           "location":{{LocationJson.Location(version, "NL", cpo, location)}},"currency":"EUR","charging_periods":[{{Period(Start, 10.5m)}}],
           "total_cost":4.00,"total_energy":10.5,"total_time":1.5,"last_updated":"2026-11-01T11:31:00Z"}
          """
        : $$"""
          {"country_code":"NL","party_id":"{{cpo}}","id":"{{id}}","start_date_time":"{{Start}}","end_date_time":"2026-11-01T11:30:00Z",
           "cdr_token":{{Token("DE", token, ContractId(token))}},"auth_method":"WHITELIST",
           "cdr_location":{"id":"{{location}}","address":"Stationsplein 1","city":"Utrecht","country":"NLD",
             "coordinates":{"latitude":"52.089444","longitude":"5.110278"},"evse_uid":"{{location}}-E1","evse_id":"NL*CPO*E{{location}}*E1",
             "connector_id":"1","connector_standard":"IEC_62196_T2","connector_format":"SOCKET","connector_power_type":"AC_3_PHASE"},
           "currency":"EUR","charging_periods":[{{Period(Start, 10.5m)}}],"total_cost":{{TotalCost(version)}},
           "total_energy":10.5,"total_time":1.5,"last_updated":"2026-11-01T11:31:00Z"}
          """;

    public static string ContractId(string emsp) => $"DE-{emsp}-C1";

    // 2.3.0 prices name the amount before taxes and list the taxes; 2.2.1 gives it with and without VAT.
    private static string TotalCost(OcpiVersion version) => version == OcpiVersion.V230
        ? """{"before_taxes":4.00,"taxes":[{"name":"VAT","percentage":21,"amount":0.84}]}"""
        : """{"excl_vat":4.00,"incl_vat":4.84}""";
}
