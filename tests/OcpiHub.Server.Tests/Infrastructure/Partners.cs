using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Infrastructure;

public enum Initiator
{
    /// <summary>The partner registers with a token A the hub issued.</summary>
    Partner,
    /// <summary>The hub connects with a token A the partner issued.</summary>
    Hub,
}

/// <summary>Simulated partners connected to a hub the way an operator and a partner would do it.</summary>
public static class Partners
{
    public static SimulatedParty Party(string role, string partyId, string country = "NL") => new(country, partyId, role, $"{role} {partyId}");

    public static Task<SimulatedPartner> StartAsync(OcpiVersion version, SimulatedParty party, bool base64Tokens = true, int maxPageSize = 100) =>
        SimulatedPartner.StartAsync(new PartnerOptions { Version = version, Parties = [party], Base64Tokens = base64Tokens, MaxPageSize = maxPageSize });

    /// <summary>Connects <paramref name="partner"/> to the hub, started by either side; returns the hub's platform id.</summary>
    public static async Task<string> ConnectAsync(IHub hub, SimulatedPartner partner, Initiator initiator) =>
        initiator == Initiator.Partner
            ? (await RegisterWithHubAsync(hub, partner)).PlatformId
            : await HubConnectsAsync(hub, partner, partner.IssueTokenA());

    /// <summary>The operator issues a token A; the partner registers with it.</summary>
    public static async Task<(string PlatformId, string TokenA)> RegisterWithHubAsync(IHub hub, SimulatedPartner partner)
    {
        var party = partner.Options.Parties[0];
        var registered = await hub.AdminAsync(HttpMethod.Post, "admin/platforms",
            new { name = party.Name, role = party.Role, country_code = party.CountryCode, party_id = party.PartyId }, 201);
        var tokenA = registered["token_a"]!.GetValue<string>();
        var answer = await partner.RegisterAsync(registered["versions_url"]!.GetValue<string>(), tokenA);
        Assert.Equal(1000, answer["status_code"]!.GetValue<int>());
        return (registered["id"]!.GetValue<string>(), tokenA);
    }

    /// <summary>The operator gives the hub the partner's versions URL and token A; the hub connects.</summary>
    public static async Task<string> HubConnectsAsync(IHub hub, SimulatedPartner partner, string tokenA)
    {
        var party = partner.Options.Parties[0];
        var connected = await hub.AdminAsync(HttpMethod.Post, "admin/platforms/connect", new
        {
            name = party.Name, versions_url = partner.VersionsUrl, token_a = tokenA,
            role = party.Role, country_code = party.CountryCode, party_id = party.PartyId,
        }, 201);
        return connected["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> EnvelopeAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
