using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Sandbox;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Sandbox;

/// <summary>
/// A partner under test against a hub with the sandbox on, over real HTTP: it connects, gets an agreement with a
/// sandbox party of another version through the admin API, and is given that party's data; as an eMSP its
/// START_SESSION to the sandbox CPO gets a result and brings it the charge's Session and CDR; as a CPO it is given the
/// sandbox eMSP's Tokens, has one authorized, gets the eMSP's START_SESSION (sent from the admin API) and its Session
/// and CDR reach the sandbox eMSP. Each version, on SQLite and PostgreSQL.
/// </summary>
public sealed class SandboxTests
{
    public static readonly TheoryData<OcpiVersion, StorageKind> Cases = new()
    {
        { OcpiVersion.V211, StorageKind.Sqlite }, { OcpiVersion.V221, StorageKind.Sqlite }, { OcpiVersion.V230, StorageKind.Sqlite },
        { OcpiVersion.V211, StorageKind.PostgreSql }, { OcpiVersion.V221, StorageKind.PostgreSql }, { OcpiVersion.V230, StorageKind.PostgreSql },
    };

    /// <summary>A hub with the sandbox on, its partners connected and their data pushed.</summary>
    public static async Task<HubUnderTest> StartSandboxHubAsync(StorageKind storage)
    {
        var hub = await HubUnderTest.StartAsync(storage, "--Hub:Sandbox:Enabled=true", "--Hub:AllowPrivatePartnerAddresses=true",
            "--Hub:Sandbox:CommandResultDelaySeconds=0.2", "--Hub:Sandbox:ChargeStepSeconds=0.05");
        await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/sandbox"), s => s["ready"]!.GetValue<bool>(), "the sandbox to be ready", 60_000);
        return hub;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_emsp_under_test_gets_a_sandbox_cpos_data_and_its_start_session_brings_a_result_a_session_and_a_cdr(OcpiVersion version, StorageKind storage)
    {
        await using var hub = await StartSandboxHubAsync(storage);
        var party = Partners.Party("EMSP", "EUT");
        await using var emsp = await ConnectAsync(hub, version, party);
        var cpo = SandboxParty(hub, OtherVersion(version), Party.Cpo);
        await hub.AgreeAsync(cpo.ToString(), "NL*EUT");

        await Eventually.UntilAsync(() => (emsp.Received("locations").Count, emsp.Received("tariffs").Count), n => n == (3, 2),
            "the sandbox CPO's 3 Locations and 2 Tariffs", 30_000);
        Assert.All(emsp.Received("locations"), l => Assert.Equal(2, l["evses"]!.AsArray().Count));

        // Its token is known to the hub, so the CPO's Session (a 2.1.1 one names only the contract) is routed back to it.
        var token = SampleData.Token(version, party, 1, DateTimeOffset.UtcNow);
        var location = hub.Service<SandboxNetwork>().Find(cpo).LocationIds[0];
        Assert.Equal(1000, (int?)(await emsp.PushAsync("tokens", token)).Envelope?["status_code"]);
        var body = new JsonObject { ["token"] = token, ["location_id"] = location, ["evse_uid"] = SampleData.EvseUid(location, 2) };
        var answer = await emsp.SendCommandAsync("START_SESSION", body, cpo.CountryCode, cpo.PartyId);
        Assert.True((int?)answer.Envelope?["status_code"] == 1000, $"START_SESSION answered {answer.HttpStatus}: {answer.Envelope}");

        var result = await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the START_SESSION result", 30_000);
        Assert.Equal("ACCEPTED", (string?)JsonNode.Parse(result[0].Body)!["result"]);
        var session = await Eventually.UntilAsync(() => emsp.Received("sessions"), s => s.Count > 0, "the sandbox CPO's Session", 30_000);
        Assert.Equal(SampleData.EvseUid(location, 2), version == OcpiVersion.V211
            ? (string?)session[0]["location"]!["evses"]![0]!["uid"]
            : (string?)session[0]["evse_uid"]);
        var cdr = await Eventually.UntilAsync(() => emsp.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/cdrs", StringComparison.Ordinal)).ToList(),
            c => c.Count > 0, "the sandbox CPO's CDR", 30_000);
        Assert.Equal(7.5m, JsonNode.Parse(cdr[0].Body)!["total_energy"]!.GetValue<decimal>());
        Assert.Contains(emsp.Requests, r => r.Method == "PATCH" && r.Path.Contains("/sessions/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_cpo_under_test_gets_a_sandbox_emsps_tokens_authorizations_and_start_session_and_its_charge_reaches_the_emsp(OcpiVersion version, StorageKind storage)
    {
        await using var hub = await StartSandboxHubAsync(storage);
        var party = Partners.Party("CPO", "CUT");
        await using var cpo = await ConnectAsync(hub, version, party);
        var pushed = await cpo.PushAsync("locations", SampleData.Location(version, party, 1, 1, DateTimeOffset.UtcNow));
        Assert.True((int?)pushed.Envelope?["status_code"] == 1000, $"the CPO's Location: {pushed.Envelope}");
        var emspKey = SandboxParty(hub, OtherVersion(version), Party.Emsp);
        await hub.AgreeAsync("NL*CUT", emspKey.ToString());

        var tokens = await Eventually.UntilAsync(() => cpo.Received("tokens"), t => t.Count == 5, "the sandbox eMSP's 5 Tokens", 30_000);
        var authorized = await cpo.AuthorizeAsync((string)tokens[0]["uid"]!);
        Assert.Equal("ALLOWED", (string?)authorized.Envelope?["data"]?["allowed"]);

        var started = await hub.AdminAsync(HttpMethod.Post, "admin/sandbox/start-session",
            new { emsp = emspKey.ToString(), cpo = "NL*CUT", location_id = SampleData.LocationId(party, 1) });
        Assert.Equal(1000, started["answer"]!["status_code"]!.GetValue<int>());
        var command = await Eventually.UntilAsync(() => cpo.Requests.Where(r => r.Path.EndsWith("/commands/START_SESSION", StringComparison.Ordinal)).ToList(),
            c => c.Count > 0, "the sandbox eMSP's START_SESSION at the CPO", 30_000);
        var sandboxEmsp = hub.Service<SandboxNetwork>().Find(emspKey).Partner;
        await Eventually.UntilAsync(() => sandboxEmsp.CommandResults, r => r.Count > 0, "the CPO's result at the sandbox eMSP", 30_000);

        var charged = await cpo.ChargeAsync(JsonNode.Parse(command[0].Body)!["token"]!.AsObject(), SampleData.LocationId(party, 1), null, TimeSpan.Zero);
        Assert.True(charged.AllAccepted, string.Join("\n", charged.Answers.Select(a => $"{a.HttpStatus} {a.Envelope}")));
        await Eventually.UntilAsync(() => sandboxEmsp.Received("sessions"), s => s.Any(x => (string?)x["id"] == charged.SessionId), "the Session at the sandbox eMSP", 30_000);
        await Eventually.UntilAsync(() => sandboxEmsp.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/cdrs", StringComparison.Ordinal)), n => n > 0,
            "the CDR at the sandbox eMSP", 30_000);
    }

    private static async Task<SimulatedPartner> ConnectAsync(HubUnderTest hub, OcpiVersion version, SimulatedParty party)
    {
        var partner = await Partners.StartAsync(version, party);
        await Partners.RegisterWithHubAsync(hub, partner);
        return partner;
    }

    // A sandbox party of another version than the partner under test's, so what it is given is translated.
    private static OcpiVersion OtherVersion(OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => OcpiVersion.V230,
        OcpiVersion.V221 => OcpiVersion.V211,
        _ => OcpiVersion.V221,
    };

    private static PartyKey SandboxParty(HubUnderTest hub, OcpiVersion version, string role) =>
        hub.Service<SandboxNetwork>().Partners.Single(p => p.Version == version && p.Role == role).Party;
}
