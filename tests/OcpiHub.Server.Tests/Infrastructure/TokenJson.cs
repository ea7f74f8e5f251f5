using OcpiHub.Protocol;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>Small valid Tokens as each version writes them; the contract id is <c>{party}-{uid}</c>.</summary>
public static class TokenJson
{
    public const string Updated = "2026-11-01T10:00:00Z";

    public static string Token(OcpiVersion version, string countryCode, string partyId, string uid, string type = "RFID", string updated = Updated) =>
        version == OcpiVersion.V211
            ? $$"""
               {"uid":"{{uid}}","type":"{{type}}","auth_id":"{{partyId}}-{{uid}}","issuer":"Mobility {{partyId}}","valid":true,"whitelist":"ALLOWED",
                "last_updated":"{{updated}}"}
               """
            : $$"""
               {"country_code":"{{countryCode}}","party_id":"{{partyId}}","uid":"{{uid}}","type":"{{type}}","contract_id":"{{partyId}}-{{uid}}",
                "issuer":"Mobility {{partyId}}","valid":true,"whitelist":"ALLOWED","last_updated":"{{updated}}"}
               """;
}
