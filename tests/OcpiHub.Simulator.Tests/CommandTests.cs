using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using static OcpiHub.Simulator.Tests.Partners;

namespace OcpiHub.Simulator.Tests;

/// <summary>The CPO side of Commands: a synchronous answer as scripted, then the result posted to the response_url (or not).</summary>
public sealed class CommandTests
{
    [Theory, MemberData(nameof(Versions), MemberType = typeof(Partners))]
    public async Task A_cpo_answers_a_command_and_later_posts_the_result_to_its_response_url(OcpiVersion version)
    {
        var (emsp, cpo) = await ConnectedAsync(version);
        await using var _ = new PartnerPair(emsp, cpo);
        cpo.Commands.Outcome = new CommandOutcome { Result = "REJECTED" };

        var (http, envelope) = await SendCommandAsync(cpo, emsp.ResponseUrl("UNLOCK_CONNECTOR", "r1"));

        Assert.Equal(200, http);
        Assert.Equal(1000, StatusOf(envelope));
        Assert.Equal("ACCEPTED", envelope!["data"]!["result"]!.GetValue<string>());
        Assert.Equal(version != OcpiVersion.V211, envelope["data"]!.AsObject().ContainsKey("timeout"));
        var result = await UntilAsync(() => emsp.CommandResults, r => r.Count == 1);
        Assert.Equal("/ocpi/" + version.ToWire() + "/commands/UNLOCK_CONNECTOR/r1", result[0].Path);
        Assert.Equal("REJECTED", JsonNode.Parse(result[0].Body)!["result"]!.GetValue<string>());
        Assert.Equal(1000, StatusOf((await UntilAsync(() => cpo.Commands.Posted, p => p.Count == 1))[0].Envelope));
    }

    [Fact]
    public async Task A_2_1_1_cpo_may_answer_with_the_bare_enum_and_post_no_result()
    {
        var (emsp, cpo) = await ConnectedAsync(OcpiVersion.V211);
        await using var _ = new PartnerPair(emsp, cpo);
        cpo.Commands.BareEnumAnswer = true;
        cpo.Commands.Outcome = new CommandOutcome { Never = true };

        var (_, envelope) = await SendCommandAsync(cpo, emsp.ResponseUrl("UNLOCK_CONNECTOR", "r2"));

        Assert.Equal("ACCEPTED", envelope!["data"]!.GetValue<string>());
        await Task.Delay(300);
        Assert.Empty(emsp.CommandResults);
        Assert.Empty(cpo.Commands.Posted);
    }

    // The CPO registers with the eMSP, so it holds a token to post results with.
    private static async Task<(SimulatedPartner Emsp, SimulatedPartner Cpo)> ConnectedAsync(OcpiVersion version)
    {
        var emsp = await StartAsync(version, "EMSP", "AAA");
        var cpo = await StartAsync(version, "CPO", "BBB");
        Assert.Equal(1000, StatusOf(await cpo.RegisterAsync(emsp.VersionsUrl, emsp.IssueTokenA())));
        return (emsp, cpo);
    }

    private static Task<(int Http, JsonObject? Envelope)> SendCommandAsync(SimulatedPartner cpo, string responseUrl) =>
        CallAsync(HttpMethod.Post, $"{cpo.VersionUrl}/commands/UNLOCK_CONNECTOR", cpo.TokenToCallPartner, cpo.Options.Base64Tokens,
            $$"""{"response_url":"{{responseUrl}}","location_id":"L1","evse_uid":"E1","connector_id":"1"}""");

    private static async Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done)
    {
        for (var waited = 0; waited < 5000; waited += 25)
        {
            if (done(probe()))
                return probe();
            await Task.Delay(25);
        }
        Assert.Fail("timed out");
        return probe();
    }
}
