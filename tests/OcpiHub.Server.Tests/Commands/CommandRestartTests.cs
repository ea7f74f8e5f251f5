using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// A command's or a charging-profile request's response URL outlives the hub process and belongs to no one node: a
/// result posted after a SIGKILL and restart, or posted to another node than the one that forwarded it, still reaches
/// the eMSP.
/// </summary>
public sealed class CommandRestartTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_result_posted_after_the_hub_was_killed_and_restarted_is_still_relayed(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("CPO", "C11"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE"));
        await ConnectAsync(hub, cpo, emsp);
        cpo.Commands.Outcome = new CommandOutcome { Never = true };
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);

        var (_, answer) = await SendCommandAsync(hub, emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());
        var hubUrl = JsonNode.Parse(Assert.Single(CommandsAt(cpo)).Body)!["response_url"]!.GetValue<string>();

        hub.Kill();
        await hub.StartAsync();

        // A 2.1.1 CPO posts a CommandResponse; the 2.2.1 eMSP gets a CommandResult at its own URL.
        var posted = await cpo.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");
        Assert.Equal(1000, posted.Envelope?["status_code"]?.GetValue<int>());
        var result = Assert.Single(await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result after the restart", 20_000));
        Assert.Equal(new Uri(responseUrl).AbsolutePath, result.Path);
        Assert.Equal("ACCEPTED", JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
        Assert.Equal(correlationId, result.Header("X-Correlation-ID"));
        SchemaOracle.AssertValid([result]);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_charging_profile_result_posted_after_the_hub_was_killed_and_restarted_is_still_relayed(StorageKind storage)
    {
        await using var hub = await HubProcess.CreateAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("CPO", "C30"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE"));
        await ConnectAsync(hub, cpo, emsp);
        using (var session = await cpo.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.3.0/receiver/sessions/NL/C30/S1",
                   ChargeJson.Session(OcpiVersion.V230, "C30", "E22", "S1", LocationOf(cpo))))
            Assert.Equal(1000, (await Partners.EnvelopeAsync(session))["status_code"]!.GetValue<int>());
        cpo.Commands.Outcome = new CommandOutcome { Never = true };
        var responseUrl = emsp.ResponseUrl("SET_PROFILE", Guid.NewGuid().ToString());

        using var set = await emsp.SendToHubAsync(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/S1",
            $$"""{"charging_profile":{"charging_rate_unit":"W","charging_profile_period":[{"start_period":0,"limit":7000}]},"response_url":"{{responseUrl}}"}""");
        Assert.Equal("ACCEPTED", (await Partners.EnvelopeAsync(set))["data"]!["result"]!.GetValue<string>());
        var sent = Assert.Single(cpo.Requests, r => r.Path.EndsWith("/chargingprofiles/S1", StringComparison.Ordinal));
        var hubUrl = JsonNode.Parse(sent.Body)!["response_url"]!.GetValue<string>();

        hub.Kill();
        await hub.StartAsync();

        var posted = await cpo.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");
        Assert.Equal(1000, posted.Envelope?["status_code"]?.GetValue<int>());
        var result = Assert.Single(await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the profile result after the restart", 20_000));
        Assert.Equal(new Uri(responseUrl).AbsolutePath, result.Path);
        Assert.Equal("ACCEPTED", JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
        Assert.Equal(("C30", "E22"), (result.Header("OCPI-from-party-id"), result.Header("OCPI-to-party-id")));
        SchemaOracle.AssertValid([result]);
    }

    /// <summary>Starts the hub process and connects the CPO, holding its Location, and the eMSP, agreed.</summary>
    private static async Task ConnectAsync(HubProcess hub, SimulatedPartner cpo, SimulatedPartner emsp)
    {
        await hub.StartAsync();
        await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        await Partners.ConnectAsync(hub, emsp, Initiator.Partner);
        await hub.AgreeAsync(Key(cpo).ToString(), Key(emsp).ToString());
        await PutLocationAsync(hub, cpo, LocationOf(cpo));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_result_posted_to_another_node_than_the_one_that_forwarded_the_command_is_relayed(StorageKind storage)
    {
        string[] shared = [HubProcess.SharedTokenKey];
        await using var first = await HubProcess.CreateAsync(storage);
        await first.StartAsync(shared);
        await using var second = first.AnotherNode();
        await second.StartAsync(shared);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "C22"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE"));
        await Partners.ConnectAsync(first, cpo, Initiator.Partner);
        await Partners.ConnectAsync(second, emsp, Initiator.Partner);
        await first.AgreeAsync("NL*C22", "DE*E22");
        await PutLocationAsync(first, cpo, LocationOf(cpo));
        cpo.Commands.Outcome = new CommandOutcome { Never = true };
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl("START_SESSION", correlationId);

        var (_, answer) = await SendCommandAsync(first, emsp, "START_SESSION", CommandJson.Body("START_SESSION", OcpiVersion.V221, responseUrl, emsp, cpo), correlationId);
        Assert.Equal("ACCEPTED", answer["data"]!["result"]!.GetValue<string>());
        // Behind a load balancer the hub's URL reaches any node: here the CPO's result goes to the other one.
        var hubUrl = JsonNode.Parse(Assert.Single(CommandsAt(cpo)).Body)!["response_url"]!.GetValue<string>().Replace(first.BaseUrl, second.BaseUrl, StringComparison.Ordinal);

        var posted = await cpo.PostCommandResultAsync(hubUrl, """{"result":"ACCEPTED"}""");

        Assert.Equal(1000, posted.Envelope?["status_code"]?.GetValue<int>());
        var result = Assert.Single(await Eventually.UntilAsync(() => emsp.CommandResults, r => r.Count > 0, "the result through the other node", 20_000));
        Assert.Equal((new Uri(responseUrl).AbsolutePath, correlationId), (result.Path, result.Header("X-Correlation-ID")));
        Assert.Equal("ACCEPTED", JsonNode.Parse(result.Body)!["result"]!.GetValue<string>());
    }
}
