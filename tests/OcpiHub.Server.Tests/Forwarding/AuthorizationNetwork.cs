using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Forwarding;

/// <summary>
/// <see cref="RoamingNetwork"/> with a 2.3.0 CPO (NL*C30) beside the 2.1.1 and 2.2.1 ones, and each eMSP's token
/// <c>TOK-{eMSP}</c> pushed to the hub. <paramref name="everyPair"/>: every CPO has an agreement with every eMSP;
/// otherwise those of the roaming network (C11 with E11 and E30, C22 with E22 and E30) and C30 with all.
/// </summary>
public sealed class AuthorizationNetwork(RoamingNetwork roaming, SimulatedPartner cpo230) : IAsyncDisposable
{
    public RoamingNetwork Net { get; } = roaming;
    public SimulatedPartner Cpo230 { get; } = cpo230;

    public IEnumerable<SimulatedPartner> Cpos => [Net.Cpo211, Net.Cpo221, Cpo230];

    public static async Task<AuthorizationNetwork> StartAsync(StorageKind storage, bool everyPair, params string[] settings)
    {
        var roaming = await RoamingNetwork.StartAsync(storage, settings);
        var cpo230 = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "C30"));
        await Partners.ConnectAsync(roaming.Hub, cpo230, Initiator.Partner);
        var network = new AuthorizationNetwork(roaming, cpo230);
        foreach (var emsp in new[] { "DE*E11", "DE*E22", "DE*E30" })
            await roaming.AgreeAsync("NL*C30", emsp);
        if (everyPair)
        {
            await roaming.AgreeAsync("NL*C11", "DE*E22");
            await roaming.AgreeAsync("NL*C22", "DE*E11");
        }
        foreach (var emsp in roaming.Emsps)
            await network.PushTokenAsync(emsp);
        return network;
    }

    public static string TokenOf(SimulatedPartner emsp) => $"TOK-{emsp.Options.Parties[0].PartyId}";

    /// <summary>The eMSP's token TOK-{party} pushed to the hub, so the hub knows its owner.</summary>
    public async Task PushTokenAsync(SimulatedPartner emsp)
    {
        var party = emsp.Options.Parties[0];
        using var put = await Net.SendAsync(emsp, HttpMethod.Put, $"receiver/tokens/{party.CountryCode}/{party.PartyId}/{TokenOf(emsp)}",
            TokenJson.Token(emsp.Options.Version, party.CountryCode, party.PartyId, TokenOf(emsp)));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    /// <summary>The CPO's real-time authorization of <paramref name="uid"/> at LOC1 / EVSE1 (2.1.1: connector 1 too), in its version.</summary>
    public Task<HttpResponseMessage> AuthorizeAsync(SimulatedPartner cpo, string uid, params (string Name, string Value)[] headers) =>
        Net.SendAsync(cpo, HttpMethod.Post, $"sender/tokens/{uid}/authorize?type=RFID", LocationReferences(cpo.Options.Version), headers);

    public static string LocationReferences(OcpiVersion version) => version == OcpiVersion.V211
        ? """{"location_id":"LOC1","evse_uids":["EVSE1"],"connector_ids":["1"]}"""
        : """{"location_id":"LOC1","evse_uids":["EVSE1"]}""";

    /// <summary>The authorizations <paramref name="emsp"/> was asked.</summary>
    public static IReadOnlyList<RecordedRequest> Asked(SimulatedPartner emsp) =>
        emsp.CheckedRequests().Where(r => r.Method == "POST" && r.Path.EndsWith("/authorize", StringComparison.Ordinal)).ToList();

    public static async Task<(int Http, int Status, JsonNode? Data)> ReadAsync(HttpResponseMessage response)
    {
        var envelope = await Partners.EnvelopeAsync(response);
        return ((int)response.StatusCode, envelope["status_code"]!.GetValue<int>(), envelope["data"]);
    }

    public async ValueTask DisposeAsync()
    {
        await Cpo230.DisposeAsync();
        await Net.DisposeAsync();
    }
}
