using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// The partners of S1, all 2.2.1 simulators connected through the admin API and the credentials handshake. Commands:
/// the eMSP DE*EMS to a fast CPO NL*CPO (Location LOC1) or to a CPO NL*HNG (Location LOC2) that never answers within
/// the hub's budget; the CPOs answer ACCEPTED at once and post no result (the result's relay is not what S1 times),
/// with a result timeout beyond the run so the hub sends no TIMEOUT results meanwhile. Authorizations: NL*CPO asks
/// for DE*EMS's token U1 (ALLOWED at once) or for token U2 of an eMSP DE*HNG that hangs on it. Every CPO is agreed
/// with every eMSP; the eMSPs have pushed their tokens to the hub.
/// </summary>
public sealed class ForwardingNetwork : IAsyncDisposable
{
    private static readonly SimulatedParty EmspParty = new("DE", "EMS", "EMSP", "Load eMSP");
    private static readonly SimulatedParty CpoParty = new("NL", "CPO", "CPO", "Load CPO");
    private static readonly SimulatedParty HangingCpoParty = new("NL", "HNG", "CPO", "Hanging CPO");
    private static readonly SimulatedParty HangingEmspParty = new("DE", "HNG", "EMSP", "Hanging eMSP");
    private static readonly (string, string) Hub = ("DE", "HUB");

    private static string TokenJson(SimulatedParty owner, string uid) => $$"""
        {"country_code":"{{owner.CountryCode}}","party_id":"{{owner.PartyId}}","uid":"{{uid}}","type":"RFID","contract_id":"{{owner.PartyId}}-{{uid}}",
         "issuer":"{{owner.Name}}","valid":true,"whitelist":"ALLOWED","last_updated":"2026-11-01T10:00:00Z"}
        """;

    private readonly LoopbackHub hub;
    private readonly SimulatedPartner emsp;
    private readonly SimulatedPartner cpo;
    private readonly SimulatedPartner hangingCpo;
    private readonly SimulatedPartner hangingEmsp;

    private ForwardingNetwork(LoopbackHub hub, SimulatedPartner emsp, SimulatedPartner cpo, SimulatedPartner hangingCpo, SimulatedPartner hangingEmsp)
    {
        this.hangingEmsp = hangingEmsp;
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
            await hub.StartPartnerAsync(OcpiVersion.V221, HangingCpoParty),
            await hub.StartPartnerAsync(OcpiVersion.V221, HangingEmspParty));
        foreach (var (party, partner, location) in new[] { (CpoParty, network.cpo, "LOC1"), (HangingCpoParty, network.hangingCpo, "LOC2") })
        {
            await hub.AgreeAsync(party, EmspParty);
            await hub.AgreeAsync(party, HangingEmspParty);
            partner.Commands.Outcome = new CommandOutcome { Never = true };
            partner.Commands.Timeout = 3600;
            await PutLocationAsync(hub, http, partner, party, location);
        }
        foreach (var (party, partner, uid) in new[] { (EmspParty, network.emsp, "U1"), (HangingEmspParty, network.hangingEmsp, "U2") })
        {
            partner.Authorizations.Answer(uid, new AuthorizationAnswer(Hang: partner == network.hangingEmsp));
            await PutAsync(http, partner, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/tokens/{party.CountryCode}/{party.PartyId}/{uid}?type=RFID", party,
                TokenJson(party, uid));
        }
        return network;
    }

    /// <summary>The kinds of forwarded request S1 times, each with its budget as the hub is configured.</summary>
    public IEnumerable<ForwardedCall> Calls()
    {
        var budgets = hub.Service<OcpiHub.Server.Hosting.HubOptions>().Forwarding;
        hangingCpo.ModuleResponseDelay = TimeSpan.FromSeconds(budgets.CommandTimeoutSeconds + 5);
        yield return new ForwardedCall("authorize", "/authorize", emsp, TimeSpan.FromSeconds(budgets.AuthorizationTimeoutSeconds), Authorize);
        yield return new ForwardedCall("START_SESSION", "/commands/START_SESSION", cpo, TimeSpan.FromSeconds(budgets.CommandTimeoutSeconds), StartSession);
    }

    /// <summary>The CPO's real-time authorization of U1 (or U2 of the hanging eMSP) at LOC1, open routing.</summary>
    private HttpRequestMessage Authorize(bool hanging)
    {
        var request = OcpiRequests.Create(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.2.1/sender/tokens/{(hanging ? "U2" : "U1")}/authorize?type=RFID", cpo.TokenToCallHub!,
            null, (CpoParty.CountryCode, CpoParty.PartyId), Hub);
        request.Content = new StringContent("""{"location_id":"LOC1","evse_uids":["EVSE1"]}""", Encoding.UTF8, "application/json");
        return request;
    }

    /// <summary>The eMSP's START_SESSION for LOC1 (or LOC2 at the hanging CPO), open routing: OCPI-to names the hub.</summary>
    private HttpRequestMessage StartSession(bool hanging)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = OcpiRequests.Create(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/commands/START_SESSION", emsp.TokenToCallHub!, id,
            (EmspParty.CountryCode, EmspParty.PartyId), Hub);
        var body = $$"""{"response_url":"{{emsp.ResponseUrl("START_SESSION", id)}}","location_id":"{{(hanging ? "LOC2" : "LOC1")}}","evse_uid":"EVSE1","token":""";
        request.Content = new StringContent(body + TokenJson(EmspParty, "U1") + "}", Encoding.UTF8, "application/json");
        return request;
    }

    private static Task PutLocationAsync(LoopbackHub hub, HttpClient http, SimulatedPartner cpo, SimulatedParty party, string id) =>
        PutAsync(http, cpo, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/locations/{party.CountryCode}/{party.PartyId}/{id}", party,
            LoadLocation.Json(party.CountryCode, party.PartyId, id, DateTimeOffset.UtcNow));

    /// <summary>A partner stores an object of its own in the hub.</summary>
    private static async Task PutAsync(HttpClient http, SimulatedPartner partner, string url, SimulatedParty party, string json)
    {
        var request = OcpiRequests.Create(HttpMethod.Put, url, partner.TokenToCallHub!, null, (party.CountryCode, party.PartyId), Hub);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        var (ok, response) = await OcpiRequests.SendAsync(http, request);
        using (response)
        {
            if (!ok)
                throw new InvalidOperationException($"PUT {url}: HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await hangingEmsp.DisposeAsync();
        await hangingCpo.DisposeAsync();
        await cpo.DisposeAsync();
        await emsp.DisposeAsync();
    }
}
