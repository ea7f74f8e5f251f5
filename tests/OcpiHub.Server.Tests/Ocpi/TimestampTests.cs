using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;

namespace OcpiHub.Server.Tests.Ocpi;

/// <summary>
/// OCPI's DateTime is string(25): every time the hub writes has at most three fractional digits and ends in Z;
/// an owner's time is relayed as the same instant, cut to the millisecond where it has more digits.
/// </summary>
public partial class TimestampTests
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$")]
    private static partial Regex OcpiDateTime();

    private static void AssertOcpiDateTime(JsonNode? value, string what)
    {
        var text = value?.GetValue<string>();
        Assert.True(text is not null && OcpiDateTime().IsMatch(text), $"{what}: '{text}' is not an OCPI DateTime of at most 25 characters");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Envelopes_and_client_info_carry_at_most_milliseconds(StorageKind storage)
    {
        await using var network = await RoamingNetwork.StartAsync(storage);

        using var page = await network.SendAsync(network.Emsp221, HttpMethod.Get, "sender/locations");
        AssertOcpiDateTime((await Partners.EnvelopeAsync(page))["timestamp"], "envelope timestamp");
        using var refused = await network.SendAsync(network.Cpo221, HttpMethod.Get, "sender/locations");
        AssertOcpiDateTime((await Partners.EnvelopeAsync(refused))["timestamp"], "error envelope timestamp");

        // The ClientInfo the hub pushed when the agreements were made, and the list it serves.
        var pushed = network.Emsp221.Requests.Where(r => r.Method == "PUT" && r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pushed);
        Assert.All(pushed, r => AssertOcpiDateTime(JsonNode.Parse(r.Body)!["last_updated"], "pushed ClientInfo last_updated"));
        using var list = await network.SendAsync(network.Emsp221, HttpMethod.Get, "hubclientinfo");
        var infos = (await Partners.EnvelopeAsync(list))["data"]!.AsArray();
        Assert.NotEmpty(infos);
        Assert.All(infos, i => AssertOcpiDateTime(i!["last_updated"], "served ClientInfo last_updated"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite, "2026-10-01T10:00:00.123Z", "2026-10-01T10:00:00.123Z")]
    [InlineData(StorageKind.PostgreSql, "2026-10-01T10:00:00.123Z", "2026-10-01T10:00:00.123Z")]
    [InlineData(StorageKind.Sqlite, "2026-10-01T10:00:00.1239999Z", "2026-10-01T10:00:00.123Z")]
    [InlineData(StorageKind.PostgreSql, "2026-10-01T12:00:00.1239999+02:00", "2026-10-01T10:00:00.123Z")]
    [InlineData(StorageKind.Sqlite, "2026-10-01T10:00:00Z", "2026-10-01T10:00:00Z")]
    public async Task An_owners_time_is_relayed_as_the_same_instant_to_the_millisecond(StorageKind storage, string sent, string relayed)
    {
        await using var network = await RoamingNetwork.StartAsync(storage);

        await network.SendOkAsync(network.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/LOC1", LocationJson.Location(OcpiVersion.V221, "NL", "C22", "LOC1", sent));

        var delivered = JsonNode.Parse(Assert.Single(await RoamingNetwork.ChangesAsync(network.Emsp221, "locations", 1)).Body)!;
        Assert.Equal(relayed, delivered["last_updated"]!.GetValue<string>());
        Assert.Equal(relayed, delivered["evses"]![0]!["last_updated"]!.GetValue<string>());
        using var page = await network.SendAsync(network.Emsp230, HttpMethod.Get, "sender/locations");
        var served = Assert.Single((await Partners.EnvelopeAsync(page))["data"]!.AsArray())!;
        Assert.Equal(relayed, served["last_updated"]!.GetValue<string>());
        Assert.Equal(relayed, served["evses"]![0]!["connectors"]![0]!["last_updated"]!.GetValue<string>());
    }
}
