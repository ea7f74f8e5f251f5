using System.Text.Json.Nodes;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;

namespace OcpiHub.Simulator.Tests;

/// <summary>Starting simulated partners and calling them as an outsider would, with any token.</summary>
public static class Partners
{
    private static readonly HttpClient Outsider = new();

    public static TheoryData<OcpiVersion> Versions => [.. OcpiVersions.All];

    public static Task<SimulatedPartner> StartAsync(OcpiVersion version, string role, string partyId, bool? base64Tokens = null) =>
        SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = version,
            Parties = [new("NL", partyId, role, $"{role} {partyId}")],
            // 2.1.1 sends tokens raw; 2.2.1+ Base64, unless the test says otherwise.
            Base64Tokens = base64Tokens ?? version != OcpiVersion.V211,
        });

    /// <summary>An eMSP (A) and a CPO (B) of one version, A registered with B with a token A of B.</summary>
    public static async Task<PartnerPair> RegisteredPairAsync(OcpiVersion version)
    {
        var pair = await PairAsync(version);
        var envelope = await pair.A.RegisterAsync(pair.B.VersionsUrl, pair.B.IssueTokenA());
        Assert.Equal(1000, StatusOf(envelope));
        return pair;
    }

    /// <summary>An eMSP (A) and a CPO (B) of one version, not registered.</summary>
    public static async Task<PartnerPair> PairAsync(OcpiVersion version) =>
        new(await StartAsync(version, "EMSP", "AAA"), await StartAsync(version, "CPO", "BBB"));

    /// <summary>Sends with <paramref name="token"/> (none when null), raw or Base64 as asked.</summary>
    public static async Task<(int Http, JsonObject? Envelope)> CallAsync(
        HttpMethod method, string url, string? token, bool base64 = true, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
            request.Headers.TryAddWithoutValidation("Authorization", Tokens.Header(token, base64));
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await Outsider.SendAsync(request);
        return ((int)response.StatusCode, await EnvelopeOf(response));
    }

    /// <summary>Credentials of an eMSP "NL AAA" as a caller would POST them.</summary>
    public static string CredentialsBody(OcpiVersion version, string token, string url) => version == OcpiVersion.V211
        ? $$"""{"token":"{{token}}","url":"{{url}}","business_details":{"name":"A"},"party_id":"AAA","country_code":"NL"}"""
        : $$"""{"token":"{{token}}","url":"{{url}}","roles":[{"role":"EMSP","business_details":{"name":"A"},"party_id":"AAA","country_code":"NL"}]}""";

    public static async Task<JsonObject?> EnvelopeOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;

    public static int? StatusOf(JsonObject? envelope) => envelope?["status_code"]?.GetValue<int>();
}

/// <summary>Two partners that stop together at the end of a test.</summary>
public sealed record PartnerPair(SimulatedPartner A, SimulatedPartner B) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
