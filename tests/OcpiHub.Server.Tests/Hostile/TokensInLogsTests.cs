using System.Text;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using static OcpiHub.Protocol.OcpiVersion;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// The hub logs no secret: a whole network scenario (registration started by either side, pushes, deliveries, a sync,
/// a command, a real-time authorization) logged at Trace, every category, and neither any token (A, B, C) nor the
/// admin key appears in any line, raw or Base64-encoded as 2.2.1 sends them; nor in the message log.
/// </summary>
public class TokensInLogsTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task No_token_and_not_the_admin_key_appears_in_any_log_line(StorageKind storage)
    {
        string[] everything = ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "--Logging:LogLevel:System=Trace"];
        await using var net = await RoamingNetwork.StartChargingAsync(storage, everything);
        var secrets = new List<string> { HubUnderTest.AdminKey };

        // Two more registrations whose token A the test keeps: one the partner starts, one the hub starts.
        await using var emsp = await Partners.StartAsync(V221, Partners.Party("EMSP", "E99", "DE"));
        secrets.Add((await Partners.RegisterWithHubAsync(net.Hub, emsp)).TokenA);
        await using var cpo = await Partners.StartAsync(V211, Partners.Party("CPO", "C99"), base64Tokens: false);
        var tokenA = cpo.IssueTokenA();
        secrets.Add(tokenA);
        await Partners.HubConnectsAsync(net.Hub, cpo, tokenA);

        // Traffic: a push delivered to eMSPs of 2.1.1 and 2.3.0, an eMSP's Token delivered to CPOs, a sync, a command, an authorization.
        await net.SendOkAsync(net.Cpo211, HttpMethod.Put, "receiver/locations/NL/C11/L2", LocationJson.Location(V211, "NL", "C11", "L2"));
        await net.SendOkAsync(net.Emsp221, HttpMethod.Put, "receiver/tokens/DE/E22/U9", TokenJson.Token(V221, "DE", "E22", "U9"));
        await RoamingNetwork.ReceivedAsync(net.Emsp211, "locations", 1);
        await RoamingNetwork.ReceivedAsync(net.Cpo221, "tokens", 1);
        var run = (await net.Hub.AdminAsync(HttpMethod.Post, "admin/syncs",
            new { platform_id = await net.PlatformIdAsync("C22"), kind = "FULL", modules = new[] { "locations" } }, 202)).AsArray()[0]!;
        await Eventually.UntilAsync(async () => (await net.Hub.AdminAsync(HttpMethod.Get, $"admin/syncs/{run["id"]}"))["status"]!.GetValue<string>(),
            status => status is "SUCCEEDED" or "FAILED", "the sync run to end");
        var command = $$"""
            {"response_url":"{{net.Emsp221.ResponseUrl("START_SESSION", "1")}}","token":{{TokenJson.Token(V221, "DE", "E22", "UID-DE-E22-C1")}},
             "location_id":"LOC22","evse_uid":"LOC22-E1"}
            """;
        using var started = await net.SendAsync(net.Emsp221, HttpMethod.Post, "receiver/commands/START_SESSION", command);
        Assert.Equal(1000, (await Partners.EnvelopeAsync(started))["status_code"]!.GetValue<int>());
        net.Emsp221.Authorizations.Answer("UID-DE-E22-C1", new OcpiHub.Simulator.AuthorizationAnswer("ALLOWED", "REF-1"));
        using var authorized = await net.SendAsync(net.Cpo221, HttpMethod.Post, "sender/tokens/UID-DE-E22-C1/authorize", null);
        Assert.Equal(200, (int)authorized.StatusCode);

        // Every token now known: each partner's token to call the hub, and the hub's token to call each platform.
        var platforms = net.Hub.Service<IPlatformStore>();
        foreach (var platform in await platforms.AllAsync())
            secrets.Add((await platforms.OutboundTokenAsync(platform.Id))!);
        secrets.AddRange(net.Members.Append(emsp).Append(cpo).Select(p => p.TokenToCallHub!));
        var forms = secrets.Distinct().SelectMany(s => new[] { s, Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) }).ToList();

        var lines = net.Hub.Logs.Lines.ToList();
        Assert.True(lines.Count > 500, $"only {lines.Count} lines logged: the levels did not open");
        var leaks = lines.Where(line => forms.Any(secret => line.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} log lines carry a secret, e.g.:\n" + string.Join("\n", leaks.Take(5)));

        var messages = (await net.Hub.AdminAsync(HttpMethod.Get, "admin/messages?limit=1000")).ToJsonString();
        Assert.DoesNotContain(forms, secret => messages.Contains(secret, StringComparison.Ordinal));
    }
}
