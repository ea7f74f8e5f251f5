using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Data;

/// <summary>
/// When a Token change reaches a CPO as the Token's full state (its backlog collapsed, or it refused a PATCH), the
/// PUT goes to the Token's own URL: <c>/{cc}/{pid}/{uid}?type={type}</c>, the bare uid for 2.1.1.
/// </summary>
public class TokenFullStateTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_token_change_sent_as_full_state_goes_to_the_token_url_in_every_version(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage, "--Hub:DeliveryBackoffSeconds=1");
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "EMA", "DE"));
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        var cpos = new List<SimulatedPartner>();
        foreach (var (version, id) in new[] { (OcpiVersion.V211, "C11"), (OcpiVersion.V221, "C22"), (OcpiVersion.V230, "C30") })
        {
            var cpo = await Partners.StartAsync(version, Partners.Party("CPO", id));
            await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
            await hub.AgreeAsync($"NL*{id}", "DE*EMA");
            cpos.Add(cpo);
        }
        try
        {
            async Task SendAsync(HttpMethod method, string body)
            {
                using var response = await emsp.SendToHubAsync(method, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/tokens/DE/EMA/U%201?type=APP_USER", body);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
            IReadOnlyList<RecordedRequest> Tokens(SimulatedPartner cpo) => RoamingNetwork.Changes(cpo, "tokens");

            // Every CPO is down: the PATCH after a failed PUT collapses the backlog into one PUT of the full state.
            var down = true;
            foreach (var cpo in cpos)
                cpo.ModuleResponder = _ => down ? new SimulatedResponse(HttpStatus: 503, OcpiStatus: 3000, Message: "down") : null;
            await SendAsync(HttpMethod.Put, TokenJson.Token(OcpiVersion.V221, "DE", "EMA", "U 1", "APP_USER"));
            await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=failed"), d => d.AsArray().Count == 3,
                "a failed first attempt at each CPO, waiting for its retry");
            await SendAsync(HttpMethod.Patch, """{"valid":false,"last_updated":"2026-11-02T10:00:00Z"}""");
            down = false;
            foreach (var cpo in cpos)
            {
                var last = (await Eventually.UntilAsync(() => Tokens(cpo), r => r.Count > 0 && r[^1].Body.Contains("\"valid\":false", StringComparison.Ordinal),
                    "the collapsed full state"))[^1];
                AssertTokenUrl(cpo, last);
            }

            // A receiver's acceptance is recorded just after it answers: until then the next change would be collapsed
            // into a PUT again (as above), not sent as a PATCH.
            await Eventually.UntilAsync(() => hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=pending"), d => d.AsArray().Count == 0,
                "the full states recorded as delivered");

            // Every CPO refuses PATCHes: the hub sends the full state instead.
            foreach (var cpo in cpos)
                cpo.ModuleResponder = r => r.Method == "PATCH" ? new SimulatedResponse(OcpiStatus: 2001, Message: "no PATCH here") : null;
            var before = cpos.ToDictionary(c => c, c => Tokens(c).Count);
            await SendAsync(HttpMethod.Patch, """{"valid":true,"last_updated":"2026-11-03T10:00:00Z"}""");
            foreach (var cpo in cpos)
            {
                // Generous: under a loaded machine this waited longer than the default once.
                var received = await WithWhatTheHubDidAsync(hub, cpo, () => Eventually.UntilAsync(() => Tokens(cpo), r => r.Count >= before[cpo] + 2,
                    $"the refused PATCH and the full state at the {cpo.Options.Version.ToWire()} CPO", 30_000));
                Assert.Equal(["PATCH", "PUT"], received.Skip(before[cpo]).Select(r => r.Method));
                AssertTokenUrl(cpo, received[^1]);
                Assert.Contains("\"valid\":true", received[^1].Body, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var cpo in cpos)
                await cpo.DisposeAsync();
        }
    }

    /// <summary>
    /// This wait timed out, rarely, in CI on SQLite and never when looped here: its failure says what the hub's outbox
    /// held, what the hub logged and what the CPO received, to find out why.
    /// </summary>
    private static async Task<T> WithWhatTheHubDidAsync<T>(HubUnderTest hub, SimulatedPartner cpo, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (Xunit.Sdk.FailException timedOut)
        {
            var pending = await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=pending");
            var dead = await hub.AdminAsync(HttpMethod.Get, "admin/deliveries?status=dead");
            var received = RoamingNetwork.Changes(cpo, "tokens").Select(r => $"{r.Method} {r.Path}{r.Query} {r.Body}");
            throw new Xunit.Sdk.XunitException($"{timedOut.Message}\nthe hub's pending deliveries: {pending.ToJsonString()}\ndead: {dead.ToJsonString()}\nthe hub's warnings:\n"
                + $"{string.Join('\n', hub.Logs.Lines)}\nwhat the CPO received:\n{string.Join('\n', received)}");
        }
    }

    private static void AssertTokenUrl(SimulatedPartner cpo, RecordedRequest put)
    {
        var version = cpo.Options.Version.ToWire();
        // The partner records the path decoded: the hub sent U%201.
        var expected = cpo.Options.Version == OcpiVersion.V211
            ? ("PUT", $"/ocpi/{version}/tokens/DE/EMA/U 1", "")
            : ("PUT", $"/ocpi/{version}/tokens/DE/EMA/U 1", "?type=APP_USER");
        Assert.Equal(expected, (put.Method, put.Path, put.Query));
    }
}
