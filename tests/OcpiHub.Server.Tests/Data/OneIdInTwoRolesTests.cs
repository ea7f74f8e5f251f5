using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Forwarding;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// A 2.2.1 platform whose one id NL*EXA is a CPO and an eMSP (OCPI 2.2.1 allows it; its credentials_example2.json
/// does it) joins the <see cref="RoamingNetwork"/>: NL*EXA as CPO agreed with DE*E22 and DE*E11 (2.1.1), as eMSP with
/// NL*C22. It is reached in each role, whichever role its credentials list first.
/// </summary>
public class OneIdInTwoRolesTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite, "CPO", "EMSP")]
    [InlineData(StorageKind.Sqlite, "EMSP", "CPO")]
    [InlineData(StorageKind.PostgreSql, "CPO", "EMSP")]
    [InlineData(StorageKind.PostgreSql, "EMSP", "CPO")]
    public async Task A_party_that_is_cpo_and_emsp_under_one_id_is_reached_in_both_roles(StorageKind storage, string firstRole, string secondRole)
    {
        await using var net = await RoamingNetwork.StartAsync(storage);
        await using var dual = await SimulatedPartner.StartAsync(new PartnerOptions
        {
            Version = OcpiVersion.V221, Parties = [Partners.Party(firstRole, "EXA"), Partners.Party(secondRole, "EXA")],
        });
        await Partners.ConnectAsync(net.Hub, dual, Initiator.Partner);
        await net.AgreeAsync("NL*EXA", "DE*E22");
        await net.AgreeAsync("NL*EXA", "DE*E11");
        await net.AgreeAsync("NL*C22", "NL*EXA");
        var e11 = await net.PlatformIdAsync("E11");
        await net.Hub.AdminAsync(HttpMethod.Patch, $"admin/platforms/{e11}", new { settings = new { v211_rewrite_owner_names = true } });
        await net.Hub.QueueEmptyAsync("the agreements' ClientInfo sent");

        // Addressed as CPO: its Location is read by an eMSP naming it, answered for it.
        await net.SendOkAsync(dual, HttpMethod.Put, "receiver/locations/NL/EXA/L1", LocationJson.Location(OcpiVersion.V221, "NL", "EXA", "L1"));
        using var single = await net.SendAsync(net.Emsp221, HttpMethod.Get, "sender/locations/L1", null, To("EXA"));
        var envelope = await Partners.EnvelopeAsync(single);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.Equal("L1", envelope["data"]!["id"]!.GetValue<string>());
        Assert.Equal(("NL", "EXA"), (single.Headers.GetValues("OCPI-from-country-code").Single(), single.Headers.GetValues("OCPI-from-party-id").Single()));

        // Addressed as eMSP: an agreed CPO pushes it a Location.
        using var pushed = await net.SendAsync(net.Cpo221, HttpMethod.Put, "receiver/locations/NL/C22/L2",
            LocationJson.Location(OcpiVersion.V221, "NL", "C22", "L2"), To("EXA"));
        envelope = await Partners.EnvelopeAsync(pushed);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.EndsWith("/NL/C22/L2", Assert.Single(await RoamingNetwork.ChangesAsync(dual, "locations", 1)).Path);

        // As eMSP, unnamed: its Token reaches the agreed CPO, which asks it for a real-time authorization by open routing.
        await net.SendOkAsync(dual, HttpMethod.Put, "receiver/tokens/NL/EXA/U1", TokenJson.Token(OcpiVersion.V221, "NL", "EXA", "U1"));
        Assert.EndsWith("/NL/EXA/U1", Assert.Single(await RoamingNetwork.ChangesAsync(net.Cpo221, "tokens", 1)).Path);
        dual.Authorizations.Answer("U1", new AuthorizationAnswer());
        using var authorization = await net.SendAsync(net.Cpo221, HttpMethod.Post, "sender/tokens/U1/authorize?type=RFID",
            AuthorizationNetwork.LocationReferences(OcpiVersion.V221));
        var (http, status, data) = await AuthorizationNetwork.ReadAsync(authorization);
        Assert.True((http, status) == (200, 1000), $"{http} {status} {data}");
        Assert.Equal("ALLOWED", data!["allowed"]!.GetValue<string>());

        // A 2.1.1 eMSP that asked for owner names gets the CPO's name as operator, not the eMSP's.
        var toE11 = Assert.Single(await RoamingNetwork.ChangesAsync(net.Emsp211, "locations", 1));
        Assert.Equal("CPO EXA", JsonNode.Parse(toE11.Body)!["operator"]!["name"]!.GetValue<string>());
    }

    private static (string, string)[] To(string partyId) => [("OCPI-to-country-code", "NL"), ("OCPI-to-party-id", partyId)];
}
