using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// The partners of S1, all 2.2.1 simulators connected through the admin API and the credentials handshake: an eMSP
/// DE*EMS agreed with a fast CPO NL*CPO (Location LOC1) and with a CPO NL*HNG (Location LOC2) that never answers
/// within the hub's budget. The CPOs answer a command ACCEPTED at once and post no result (the result's relay is not
/// what S1 times), with a result timeout beyond the run so the hub sends no TIMEOUT results meanwhile.
/// </summary>
public sealed class ForwardingNetwork : IAsyncDisposable
{
    private static readonly SimulatedParty EmspParty = new("DE", "EMS", "EMSP", "Load eMSP");
    private static readonly SimulatedParty CpoParty = new("NL", "CPO", "CPO", "Load CPO");
    private static readonly SimulatedParty HangingCpoParty = new("NL", "HNG", "CPO", "Hanging CPO");
    private static readonly (string, string) Hub = ("DE", "HUB");

    private const string EmspToken = """
        {"country_code":"DE","party_id":"EMS","uid":"U1","type":"RFID","contract_id":"DE-EMS-U1","issuer":"Load eMSP","valid":true,
         "whitelist":"ALLOWED","last_updated":"2026-11-01T10:00:00Z"}
        """;

    private readonly LoopbackHub hub;
    private readonly SimulatedPartner emsp;
    private readonly SimulatedPartner cpo;
    private readonly SimulatedPartner hangingCpo;

    private ForwardingNetwork(LoopbackHub hub, SimulatedPartner emsp, SimulatedPartner cpo, SimulatedPartner hangingCpo)
    {
        this.hub = hub;
        this.emsp = emsp;
        this.cpo = cpo;
        this.hangingCpo = hangingCpo;
    }

    public static async Task<ForwardingNetwork> StartAsync(LoopbackHub hub, HttpClient http)
    {
        var network = new ForwardingNetwork(hub,
            await hub.StartPartnerAsync(OcpiVersion.V221, EmspParty),
            await hub.StartPartnerAsync(OcpiVersion.V221, CpoParty),
            await hub.StartPartnerAsync(OcpiVersion.V221, HangingCpoParty));
        foreach (var (party, partner, location) in new[] { (CpoParty, network.cpo, "LOC1"), (HangingCpoParty, network.hangingCpo, "LOC2") })
        {
            await hub.AgreeAsync(party, EmspParty);
            partner.Commands.Outcome = new CommandOutcome { Never = true };
            partner.Commands.Timeout = 3600;
            await PutLocationAsync(hub, http, partner, party, location);
        }
        return network;
    }

    /// <summary>The kinds of forwarded request S1 times, each with its budget as the hub is configured.</summary>
    public IEnumerable<ForwardedCall> Calls()
    {
        var budgets = hub.Service<OcpiHub.Server.Hosting.HubOptions>().Forwarding;
        hangingCpo.ModuleResponseDelay = TimeSpan.FromSeconds(budgets.CommandTimeoutSeconds + 5);
        yield return new ForwardedCall("START_SESSION", "/commands/START_SESSION", cpo, TimeSpan.FromSeconds(budgets.CommandTimeoutSeconds), StartSession);
    }

    /// <summary>The eMSP's START_SESSION for LOC1 (or LOC2 at the hanging CPO), open routing: OCPI-to names the hub.</summary>
    private HttpRequestMessage StartSession(bool hanging)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = OcpiRequests.Create(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/commands/START_SESSION", emsp.TokenToCallHub!, id,
            (EmspParty.CountryCode, EmspParty.PartyId), Hub);
        var body = $$"""{"response_url":"{{emsp.ResponseUrl("START_SESSION", id)}}","location_id":"{{(hanging ? "LOC2" : "LOC1")}}","evse_uid":"EVSE1","token":""";
        request.Content = new StringContent(body + EmspToken + "}", Encoding.UTF8, "application/json");
        return request;
    }

    private static async Task PutLocationAsync(LoopbackHub hub, HttpClient http, SimulatedPartner cpo, SimulatedParty party, string id)
    {
        var request = OcpiRequests.Create(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/{party.CountryCode}/{party.PartyId}/{id}",
            cpo.TokenToCallHub!, null, (party.CountryCode, party.PartyId), Hub);
        request.Content = new StringContent(LoadLocation.Json(party.CountryCode, party.PartyId, id, DateTimeOffset.UtcNow), Encoding.UTF8, "application/json");
        var (ok, response) = await OcpiRequests.SendAsync(http, request);
        using (response)
        {
            if (!ok)
                throw new InvalidOperationException($"PUT Location {id}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await hangingCpo.DisposeAsync();
        await cpo.DisposeAsync();
        await emsp.DisposeAsync();
    }
}
