using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// Commands end to end over real HTTP (<see cref="CommandNetwork"/>): each of the five commands from an eMSP of each
/// version to a CPO of each version reaches only that CPO with the hub's response_url, its synchronous answer comes
/// back in the eMSP's version, and the CPO's later result reaches the eMSP's own response_url translated. On SQLite
/// and PostgreSQL.
/// </summary>
public sealed class CommandsThroughTheHubTests
{
    private static readonly string[] Commands = ["START_SESSION", "STOP_SESSION", "RESERVE_NOW", "CANCEL_RESERVATION", "UNLOCK_CONNECTOR"];

    /// <summary>One command of the matrix, and what its eMSP must get.</summary>
    private sealed record Case(SimulatedPartner Emsp, SimulatedPartner Cpo, string Command, string CorrelationId, string ResponseUrl, bool Forwarded);

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Every_command_of_every_version_reaches_only_its_cpo_and_its_result_reaches_the_emsp_translated(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        // The 2.3.0 CPO's charge point reports an occupied EVSE: 2.2.1+ eMSPs hear that, a 2.1.1 eMSP REJECTED.
        net.Cpos[2].Commands.Outcome = new CommandOutcome { Result = "EVSE_OCCUPIED" };
        // The 2.1.1 CPO answers as early 2.1.1 texts describe it: the bare CommandResponseType as data.
        net.Cpos[0].Commands.BareEnumAnswer = true;

        var cases = new List<Case>();
        foreach (var emsp in net.Emsps)
        {
            foreach (var cpo in net.Cpos)
            {
                foreach (var command in Commands.Where(c => c != "CANCEL_RESERVATION" || emsp.Options.Version != OcpiVersion.V211))
                    cases.Add(await SendAndCheckAnswerAsync(net, emsp, cpo, command));
            }
        }

        foreach (var c in cases)
            await CheckResultAsync(net, c);
        Assert.Equal(cases.Count(c => c.Forwarded), net.CommandCount);
        await CheckStateAsync(net, cases.First(c => c.Cpo == net.Cpos[1] && c.Command == "START_SESSION"));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cpo_answer_without_its_timeout_reaches_the_emsp_as_accepted_with_the_default_and_its_result_follows(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        cpo.Commands.Timeout = null; // 2.2.1 requires it; some CPOs leave it out

        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);
        var (_, answer) = await net.SendCommandAsync(emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, responseUrl, emsp, cpo), correlationId);

        Assert.Equal(1000, answer["status_code"]!.GetValue<int>());
        Assert.Equal(("ACCEPTED", OcpiHub.Protocol.V211.Translator.DefaultCommandTimeout),
            (answer["data"]!["result"]!.GetValue<string>(), answer["data"]!["timeout"]!.GetValue<int>()));
        var result = Assert.Single(await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result at the eMSP"));
        Assert.Equal("ACCEPTED", JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_result_reaches_an_emsp_that_moved_to_2_2_1_meanwhile_in_the_version_it_sent_the_command_in(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[0], net.Cpos[2]);
        cpo.Commands.Outcome = new CommandOutcome { Never = true };
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);
        var (_, answer) = await net.SendCommandAsync(emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V211, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());
        var hubUrl = JsonNode.Parse(Assert.Single(CommandsAt(cpo)).Body)!["response_url"]!.GetValue<string>();

        // While the command is under way, the platform moves to 2.2.1 (a new server of the same party) by a credentials PUT.
        await using var moved = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", Key(emsp).PartyId, Key(emsp).CountryCode));
        var credentials = $$$"""
            {"token":"{{{moved.IssueTokenA()}}}","url":"{{{moved.VersionsUrl}}}",
             "roles":[{"role":"EMSP","party_id":"{{{Key(emsp).PartyId}}}","country_code":"{{{Key(emsp).CountryCode}}}","business_details":{"name":"moved"}}]}
            """;
        var put = await Partners.EnvelopeAsync(await emsp.SendToHubAsync(HttpMethod.Put, $"{net.Hub.BaseUrl}/ocpi/2.2.1/credentials", credentials));
        Assert.True(put["status_code"]!.GetValue<int>() == 1000, $"credentials PUT: {put}");

        // The charge point's 2.3.0 result has no 2.1.1 value: the 2.1.1 response_url gets a 2.1.1 CommandResponse (REJECTED).
        Assert.True((await cpo.PostCommandResultAsync(hubUrl, """{"result":"EVSE_OCCUPIED"}""")).Accepted);
        // The old server does not know the token the hub now holds (one platform's servers would): what counts is the body.
        var result = Assert.Single(await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result at the 2.1.1 response_url"));
        Assert.Equal(new Uri(responseUrl).AbsolutePath, result.Path);
        SchemaOracle.AssertValid([result]);
        Assert.Equal("REJECTED", JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
        Assert.Null(result.Header("OCPI-to-party-id")); // 2.1.1 has no routing headers
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_result_reaches_an_emsp_while_a_backlog_of_location_changes_to_it_is_still_being_sent(StorageKind storage)
    {
        // One call at a time to each receiver: the eMSP's Location changes take 300 ms each, 20 of them 6 s.
        await using var net = await StartAsync(storage, "--Hub:DeliveryConcurrencyPerReceiver=1");
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        await net.Hub.QueueEmptyAsync("the set-up's deliveries sent");
        emsp.ModuleResponseDelay = TimeSpan.FromMilliseconds(300);
        for (var i = 1; i <= 20; i++)
            await PutLocationAsync(net.Hub, cpo, $"BACKLOG-{i}");

        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);
        var (_, answer) = await net.SendCommandAsync(emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());

        // The result goes as soon as it comes (an app waits for it), not after the changes queued before it.
        await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result at the eMSP", timeoutMs: 20_000);
        var arrived = emsp.CheckedRequests().ToList();
        var backlogBefore = arrived.TakeWhile(r => r.Method != "POST").Count(r => r.Path.Contains("/BACKLOG-", StringComparison.Ordinal));
        Assert.True(backlogBefore < 20, $"all {backlogBefore} Location changes reached the eMSP before the result");
        await net.Hub.QueueEmptyAsync("the backlog sent", 30_000);
        Assert.Equal(20, emsp.CheckedRequests().Count(r => r.Path.Contains("/BACKLOG-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_budget_runs_from_the_emsps_request_so_a_cpo_answering_after_it_is_4002(StorageKind storage)
    {
        await using var net = await StartAsync(storage, "--Hub:Forwarding:CommandTimeoutSeconds=1");
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        // The CPO answers in 0.3 s of the hub's call, but the eMSP's request took 1.5 s to reach the hub whole (its body
        // came late): the eMSP has waited longer than the budget before the CPO could answer.
        cpo.ModuleResponseDelay = TimeSpan.FromMilliseconds(300);
        var correlationId = Guid.NewGuid().ToString();
        var body = CommandJson.Body("START_SESSION", OcpiVersion.V221, emsp.ResponseUrl("START_SESSION", correlationId), emsp, cpo);

        var (_, answer) = await SendCommandAsync(net.Hub, emsp, "START_SESSION", new LateBody(body, TimeSpan.FromSeconds(1.5)), correlationId);

        Assert.True(answer["status_code"]!.GetValue<int>() == 4002, answer.ToJsonString());
    }

    [Fact]
    public async Task A_storage_read_that_outlasts_the_budget_is_cut_short_and_the_emsp_answered_4002()
    {
        await using var net = await StartAsync(StorageKind.PostgreSql, "--Hub:Forwarding:CommandTimeoutSeconds=1");
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[1]);
        var correlationId = Guid.NewGuid().ToString();
        var body = CommandJson.Body("START_SESSION", OcpiVersion.V221, emsp.ResponseUrl("START_SESSION", correlationId), emsp, cpo);
        (HttpResponseMessage Response, JsonObject Envelope)? answered;
        // The Location lookup waits for the stored objects, held by maintenance far longer than the budget.
        await using (await HeldTable.HoldAsync(net.Hub, "objects"))
        {
            var sending = net.SendCommandAsync(emsp, "START_SESSION", body, correlationId);
            answered = await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(15))) == sending ? await sending : null;
        }

        Assert.True(answered is not null, "the eMSP was answered only once the storage read ended");
        Assert.True(answered.Value.Envelope["status_code"]!.GetValue<int>() == 4002, answered.Value.Envelope.ToJsonString());
        Assert.Empty(CommandsAt(cpo));
    }

    private static async Task<Case> SendAndCheckAnswerAsync(CommandNetwork net, SimulatedPartner emsp, SimulatedPartner cpo, string command)
    {
        var version = emsp.Options.Version;
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl(command, correlationId);
        var before = CommandsAt(cpo).Count;
        var othersBefore = net.CommandCount - before;
        var body = CommandJson.Body(command, version, responseUrl, emsp, cpo);

        var (response, envelope) = await net.SendCommandAsync(emsp, command, body, correlationId);

        var what = $"{command} {Key(emsp)} ({version.ToWire()}) to {Key(cpo)} ({cpo.Options.Version.ToWire()})";
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"{what}: {envelope}");
        var answer = envelope["data"]!.AsObject();
        var forwarded = !(command == "CANCEL_RESERVATION" && cpo.Options.Version == OcpiVersion.V211);
        Assert.True(answer["result"]!.GetValue<string>() == (forwarded ? "ACCEPTED" : "NOT_SUPPORTED"), $"{what}: {answer}");
        // 2.2.1+ requires the timeout (a 2.1.1 CPO names none: the hub's default); a 2.1.1 eMSP gets none.
        Assert.True(answer.ContainsKey("timeout") == (version != OcpiVersion.V211), $"{what}: {answer}");
        if (version != OcpiVersion.V211)
            Assert.Equal(forwarded ? Key(cpo).PartyId : "HUB", Header(response, "OCPI-from-party-id"));

        var received = CommandsAt(cpo);
        Assert.True(received.Count == before + (forwarded ? 1 : 0), $"{what}: {received.Count - before} commands at the CPO");
        Assert.True(net.CommandCount - received.Count == othersBefore, $"{what}: another CPO got a command");
        if (forwarded)
        {
            var sent = received[^1];
            Assert.EndsWith($"/commands/{command}", sent.Path);
            var hubUrl = JsonNode.Parse(sent.Body)!["response_url"]!.GetValue<string>();
            Assert.StartsWith($"{net.Hub.BaseUrl}/ocpi/{cpo.Options.Version.ToWire()}/sender/commands/{command}/", hubUrl);
            Assert.Equal(correlationId, sent.Header("X-Correlation-ID"));
            if (cpo.Options.Version != OcpiVersion.V211)
                Assert.Equal((Key(emsp).PartyId, Key(cpo).PartyId), (sent.Header("OCPI-from-party-id"), sent.Header("OCPI-to-party-id")));
        }
        return new(emsp, cpo, command, correlationId, responseUrl, forwarded);
    }

    /// <summary>The CPO's result at the eMSP's own response URL, translated, from the CPO to the eMSP, under the command's correlation id.</summary>
    private static async Task CheckResultAsync(CommandNetwork net, Case c)
    {
        var path = new Uri(c.ResponseUrl).AbsolutePath;
        if (!c.Forwarded)
        {
            Assert.DoesNotContain(c.Emsp.CommandResults, r => r.Path == path);
            return;
        }
        var results = await Eventually.UntilAsync(() => c.Emsp.CommandResults.Where(r => r.Path == path).ToList(), r => r.Count > 0,
            $"the result of {c.Command} from {Key(c.Emsp)} to {Key(c.Cpo)}");
        var result = Assert.Single(results);
        SchemaOracle.AssertValid([result]);
        var expected = c.Cpo == net.Cpos[2] ? (c.Emsp.Options.Version == OcpiVersion.V211 ? "REJECTED" : "EVSE_OCCUPIED") : "ACCEPTED";
        Assert.Equal(expected, JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
        Assert.Equal(c.CorrelationId, result.Header("X-Correlation-ID"));
        if (c.Emsp.Options.Version != OcpiVersion.V211)
            Assert.Equal((Key(c.Cpo).PartyId, Key(c.Emsp).PartyId), (result.Header("OCPI-from-party-id"), result.Header("OCPI-to-party-id")));
    }

    /// <summary>The admin API shows the command relayed, with the command, its hop, the result and its relay under its correlation id.</summary>
    private static async Task CheckStateAsync(CommandNetwork net, Case c)
    {
        var state = await Eventually.UntilAsync(() => net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={c.CorrelationId}"),
            s => s.AsArray().Count == 1 && s[0]!["messages"]!.AsArray().Count >= 4, "the command's state and its four exchanges");
        var command = state[0]!;
        Assert.Equal(("RESULT_RELAYED", "ACCEPTED", "ACCEPTED"),
            (command["state"]!.GetValue<string>(), command["answer"]!.GetValue<string>(), command["result"]!.GetValue<string>()));
        var exchanges = command["messages"]!.AsArray().Select(m => (m!["direction"]!.GetValue<string>(), m["path"]!.GetValue<string>())).ToList();
        Assert.Contains(exchanges, e => e.Item1 == "IN" && e.Item2.Contains("/receiver/commands/START_SESSION", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.Item1 == "OUT" && e.Item2.EndsWith("/commands/START_SESSION", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.Item1 == "IN" && e.Item2.Contains("/sender/commands/START_SESSION/", StringComparison.Ordinal));
        Assert.Contains(exchanges, e => e.Item1 == "OUT" && e.Item2.EndsWith(c.CorrelationId, StringComparison.Ordinal));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
