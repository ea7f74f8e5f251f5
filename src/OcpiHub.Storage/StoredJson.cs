using System.Text.Json;
using OcpiHub.Core.Platforms;

namespace OcpiHub.Storage;

/// <summary>How structured columns (endpoints, settings, a declared party) are written as JSON text.</summary>
internal static class StoredJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static string? WriteParty(Party? party) =>
        party is null ? null : Write(new StoredParty(party.Key.CountryCode, party.Key.PartyId, party.Role, party.Name));

    public static Party? ReadParty(string? json) =>
        json is null ? null : Read<StoredParty>(json) is var p ? new Party(new PartyKey(p.CountryCode, p.PartyId), p.Role, p.Name) : null;

    private sealed record StoredParty(string CountryCode, string PartyId, string Role, string? Name);
}
