using OcpiHub.Protocol;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>Small valid Tariffs as each version writes them: 0.25 per kWh.</summary>
public static class TariffJson
{
    public const string Updated = "2026-11-01T10:00:00Z";

    private const string Elements = """[{"price_components":[{"type":"ENERGY","price":0.25,"step_size":1}]}]""";

    public static string Tariff(OcpiVersion version, string countryCode, string partyId, string id, string? type = null, string updated = Updated) => version switch
    {
        OcpiVersion.V211 => $$"""{"id":"{{id}}","currency":"EUR","elements":{{Elements}},"last_updated":"{{updated}}"}""",
        _ => $$"""
             {"country_code":"{{countryCode}}","party_id":"{{partyId}}","id":"{{id}}","currency":"EUR",{{(type is null ? "" : $"\"type\":\"{type}\",")}}
              {{(version == OcpiVersion.V230 ? "\"tax_included\":\"NO\"," : "")}}"elements":{{Elements}},"last_updated":"{{updated}}"}
             """,
    };
}
