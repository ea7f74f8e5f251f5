using System.Net;
using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using static OcpiHub.Server.Tests.Commands.CommandNetwork;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// Charging profiles through the hub over real HTTP (<see cref="CommandNetwork"/>): set, read and cleared between a
/// 2.2.1 eMSP and a 2.3.0 CPO and the other way round, each reaching the session's CPO with the hub's response URL and
/// its result relayed to the eMSP's own; the CPO's ActiveChargingProfile update reaching the eMSP that set the profile;
/// another eMSP's session refused with nothing forwarded; no module for 2.1.1. On SQLite and PostgreSQL.
/// </summary>
public sealed class ChargingProfilesThroughTheHubTests
{
    private const string Profile = """{"charging_rate_unit":"W","charging_profile_period":[{"start_period":0,"limit":7000}]}""";

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Profiles_are_set_read_and_cleared_through_the_hub_between_versions_and_the_cpo_updates_reach_the_setter(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        foreach (var (emsp, cpo) in new[] { (net.Emsps[1], net.Cpos[2]), (net.Emsps[2], net.Cpos[1]) })
        {
            var session = SessionOf(cpo, emsp);
            var url = $"{net.Hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/receiver/chargingprofiles/{session}";

            await RequestAsync(net, emsp, cpo, HttpMethod.Put, url, "SET_PROFILE", r => $$"""{"charging_profile":{{Profile}},"response_url":"{{r}}"}""");
            var read = await RequestAsync(net, emsp, cpo, HttpMethod.Get, url, "GET_ACTIVE_PROFILE", _ => null);
            Assert.Equal(11000, read["profile"]!["charging_profile"]!["charging_profile_period"]![0]!["limit"]!.GetValue<int>());
            await RequestAsync(net, emsp, cpo, HttpMethod.Delete, url, "CLEAR_PROFILE", _ => null);

            var update = await cpo.PutActiveChargingProfileAsync(session, SimulatedCommands.ActiveProfile);
            Assert.True(update.Envelope?["status_code"]?.GetValue<int>() == 1000, $"ActiveChargingProfile of {session}: {update.Envelope}");
            var arrived = Assert.Single(emsp.ChargingProfileUpdates);
            Assert.EndsWith($"/chargingprofiles/{session}", arrived.Path);
            Assert.Equal(11000, JsonNode.Parse(arrived.Body)!["charging_profile"]!["charging_profile_period"]![0]!["limit"]!.GetValue<int>());
            Assert.Equal((Key(cpo).PartyId, Key(emsp).PartyId), (arrived.Header("OCPI-from-party-id"), arrived.Header("OCPI-to-party-id")));
        }
        Assert.All(net.Emsps.Where(e => e != net.Emsps[1] && e != net.Emsps[2]), e => Assert.Empty(e.ChargingProfileUpdates));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_profile_for_another_emsps_session_and_an_update_nobody_asked_for_are_refused_with_nothing_forwarded(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (asker, cpo, owner) = (net.Emsps[1], net.Cpos[2], net.Emsps[2]);
        var foreign = $"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/{SessionOf(cpo, owner)}";
        var body = $$"""{"charging_profile":{{Profile}},"response_url":"{{asker.ResponseUrl("SET_PROFILE", "x")}}"}""";

        foreach (var addressed in new[] { false, true })
        {
            var request = new HttpRequestMessage(HttpMethod.Put, foreign) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            if (addressed)
            {
                request.Headers.Add("OCPI-to-country-code", Key(cpo).CountryCode);
                request.Headers.Add("OCPI-to-party-id", Key(cpo).PartyId);
            }
            var envelope = await Partners.EnvelopeAsync(await asker.SendToHubAsync(request));
            Assert.True(envelope["status_code"]!.GetValue<int>() == 2001, $"addressed {addressed}: {envelope}");
        }
        // The CPO reports a profile on a session nobody set one on through the hub, unaddressed and addressed to an agreed eMSP.
        var stray = await cpo.PutActiveChargingProfileAsync(SessionOf(cpo, owner), SimulatedCommands.ActiveProfile);
        Assert.True(stray.Envelope?["status_code"]?.GetValue<int>() == 2001, $"stray update: {stray.Envelope}");
        var addressedStray = await cpo.PutActiveChargingProfileAsync(SessionOf(cpo, owner), SimulatedCommands.ActiveProfile,
            ("OCPI-to-country-code", Key(asker).CountryCode), ("OCPI-to-party-id", Key(asker).PartyId));
        Assert.True(addressedStray.Envelope?["status_code"]?.GetValue<int>() == 2001, $"addressed stray update: {addressedStray.Envelope}");

        Assert.All(net.Cpos.Append(net.Outsider), c => Assert.DoesNotContain(c.Requests, r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal)));
        Assert.All(net.Emsps, e => Assert.Empty(e.ChargingProfileUpdates));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_response_url_the_hub_would_never_call_is_refused_before_anything_is_forwarded(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[2]);
        var url = $"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/{SessionOf(cpo, emsp)}";
        var requests = new[]
        {
            new HttpRequestMessage(HttpMethod.Put, url)
            {
                Content = new StringContent($$"""{"charging_profile":{{Profile}},"response_url":"http://user:secret@partner.example/r"}""",
                    System.Text.Encoding.UTF8, "application/json"),
            },
            new HttpRequestMessage(HttpMethod.Get, url + "?duration=60&response_url=" + Uri.EscapeDataString("http://169.254.169.254/latest/meta-data")),
            new HttpRequestMessage(HttpMethod.Delete, url + "?response_url=" + Uri.EscapeDataString("http://partner.example/" + new string('r', 300))),
        };
        foreach (var request in requests)
        {
            var envelope = await Partners.EnvelopeAsync(await emsp.SendToHubAsync(request));
            Assert.True(envelope["status_code"]!.GetValue<int>() == 2001 && envelope["status_message"]!.GetValue<string>().StartsWith("response_url: ", StringComparison.Ordinal),
                $"{request.Method}: {envelope}");
        }
        Assert.DoesNotContain(cpo.Requests, r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_request_for_a_session_at_a_cpo_without_the_module_is_answered_not_supported_by_the_hub(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo211) = (net.Emsps[1], net.Cpos[0]);
        var url = $"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/{SessionOf(cpo211, emsp)}";
        var body = $$"""{"charging_profile":{{Profile}},"response_url":"{{emsp.ResponseUrl("SET_PROFILE", "x")}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        var envelope = await Partners.EnvelopeAsync(await emsp.SendToHubAsync(request));

        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, envelope.ToJsonString());
        Assert.Equal(("NOT_SUPPORTED", 0), (envelope["data"]!["result"]!.GetValue<string>(), envelope["data"]!["timeout"]!.GetValue<int>()));
        Assert.DoesNotContain(cpo211.Requests, r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    public async Task Only_221_and_230_partners_see_the_module(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        foreach (var partner in net.Cpos.Concat(net.Emsps))
        {
            var listed = partner.Hub!.Endpoints.Where(e => e.Identifier?.Value == "chargingprofiles").Select(e => e.Role?.Value).Order().ToList();
            Assert.Equal(partner.Options.Version == OcpiVersion.V211 ? [] : ["RECEIVER", "SENDER"], listed);
        }
        var emsp211 = net.Emsps[0];
        using var response = await emsp211.SendToHubAsync(HttpMethod.Delete,
            $"{net.Hub.BaseUrl}/ocpi/2.1.1/receiver/chargingprofiles/{SessionOf(net.Cpos[1], emsp211)}?response_url={emsp211.ResponseUrl("CLEAR_PROFILE", "x")}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(net.Cpos[1].Requests, r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task Without_a_result_the_emsp_gets_rejected_from_the_hub_for_each_request(StorageKind storage)
    {
        await using var net = await StartAsync(storage, QuickResultTimeouts);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[2]);
        NeverPostsResults(cpo);
        var url = $"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/{SessionOf(cpo, emsp)}";

        foreach (var (method, name) in new[] { (HttpMethod.Put, "SET_PROFILE"), (HttpMethod.Get, "GET_ACTIVE_PROFILE"), (HttpMethod.Delete, "CLEAR_PROFILE") })
        {
            var (responseUrl, _, correlationId) = await SendAcceptedAsync(net, emsp, cpo, method, url, name,
                r => method == HttpMethod.Put ? $$"""{"charging_profile":{{Profile}},"response_url":"{{r}}"}""" : null);
            var result = await ResultAtAsync(emsp, cpo, responseUrl, $"the hub's answer for {name} without a result");
            Assert.Equal("REJECTED", result["result"]!.GetValue<string>());
            var relay = Assert.Single((await net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}")).AsArray())!;
            Assert.Equal((name, "TIMED_OUT", "REJECTED"), (relay["command"]!.GetValue<string>(), relay["state"]!.GetValue<string>(), relay["result"]!.GetValue<string>()));
        }
        SchemaOracle.AssertValid(emsp.CommandResults);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_cpo_answer_without_timeout_is_read_as_a_commands_and_the_setter_gets_the_cpos_updates(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[2]);
        cpo.Commands.Timeout = null;
        var session = SessionOf(cpo, emsp);
        var url = $"{net.Hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/receiver/chargingprofiles/{session}";

        await RequestAsync(net, emsp, cpo, HttpMethod.Put, url, "SET_PROFILE", r => $$"""{"charging_profile":{{Profile}},"response_url":"{{r}}"}""");

        var update = await cpo.PutActiveChargingProfileAsync(session, SimulatedCommands.ActiveProfile);
        Assert.True(update.Envelope?["status_code"]?.GetValue<int>() == 1000, $"ActiveChargingProfile of {session}: {update.Envelope}");
        Assert.Single(emsp.ChargingProfileUpdates);
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_request_the_emsp_was_answered_with_an_error_takes_no_later_result_from_the_cpo(StorageKind storage)
    {
        await using var net = await StartAsync(storage);
        var (emsp, cpo) = (net.Emsps[1], net.Cpos[2]);
        cpo.Commands.Answer = "MAYBE";
        var session = SessionOf(cpo, emsp);
        var correlationId = Guid.NewGuid().ToString();
        var body = $$"""{"charging_profile":{{Profile}},"response_url":"{{emsp.ResponseUrl("SET_PROFILE", correlationId)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{net.Hub.BaseUrl}/ocpi/2.2.1/receiver/chargingprofiles/{session}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Correlation-ID", correlationId);

        var answer = await Partners.EnvelopeAsync(await emsp.SendToHubAsync(request));
        Assert.True(answer["status_code"]!.GetValue<int>() == 4000, answer.ToJsonString());

        // The charge point sets the profile after all: the eMSP was told it failed, so no result contradicts that.
        var sent = cpo.CheckedRequests().Single(r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal));
        var hubUrl = JsonNode.Parse(sent.Body)!["response_url"]!.GetValue<string>();
        using var late = await cpo.SendToHubAsync(HttpMethod.Post, hubUrl, """{"result":"ACCEPTED"}""");
        var refused = await Partners.EnvelopeAsync(late);
        Assert.True(refused["status_code"]!.GetValue<int>() == 2001, refused.ToJsonString());
        var relay = Assert.Single((await net.Hub.AdminAsync(HttpMethod.Get, $"admin/commands?correlation_id={correlationId}")).AsArray())!;
        Assert.Equal(("FAILED", "OCPI 4000", null), (relay["state"]!.GetValue<string>(), relay["answer"]!.GetValue<string>(), relay["result"]?.GetValue<string>()));
        var update = await cpo.PutActiveChargingProfileAsync(session, SimulatedCommands.ActiveProfile);
        Assert.True(update.Envelope?["status_code"]?.GetValue<int>() == 2001, $"ActiveChargingProfile of {session}: {update.Envelope}");
    }

    /// <summary>
    /// One request of <paramref name="emsp"/> through the hub: answered ACCEPTED in its version by the CPO, which got it
    /// with the hub's response URL; the CPO's result reaches the eMSP's own response URL. Returns the result.
    /// </summary>
    private static async Task<JsonObject> RequestAsync(CommandNetwork net, SimulatedPartner emsp, SimulatedPartner cpo, HttpMethod method, string url,
        string name, Func<string, string?> body)
    {
        var (responseUrl, what, _) = await SendAcceptedAsync(net, emsp, cpo, method, url, name, body);
        var result = await ResultAtAsync(emsp, cpo, responseUrl, $"the result of {what}");
        Assert.Equal("ACCEPTED", result["result"]!.GetValue<string>());
        return result;
    }

    /// <summary>
    /// The request sent with a response URL of the eMSP's own, answered ACCEPTED in its version by the CPO, which got it
    /// with the hub's response URL; the eMSP's response URL, what was asked, and the request's correlation id.
    /// </summary>
    private static async Task<(string ResponseUrl, string What, string CorrelationId)> SendAcceptedAsync(CommandNetwork net, SimulatedPartner emsp,
        SimulatedPartner cpo, HttpMethod method, string url, string name, Func<string, string?> body)
    {
        var correlationId = Guid.NewGuid().ToString();
        var responseUrl = emsp.ResponseUrl(name, correlationId);
        var query = method == HttpMethod.Get ? $"?duration=900&response_url={Uri.EscapeDataString(responseUrl)}"
            : method == HttpMethod.Delete ? $"?response_url={Uri.EscapeDataString(responseUrl)}" : "";
        var before = cpo.Requests.Count(r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal));
        var json = body(responseUrl);
        var request = new HttpRequestMessage(method, url + query) { Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Correlation-ID", correlationId);
        using var response = await emsp.SendToHubAsync(request);
        var envelope = await Partners.EnvelopeAsync(response);

        var what = $"{method} {name} {Key(emsp)} ({emsp.Options.Version.ToWire()}) to {Key(cpo)} ({cpo.Options.Version.ToWire()})";
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"{what}: {envelope}");
        Assert.Equal("ACCEPTED", envelope["data"]!["result"]!.GetValue<string>());
        Assert.NotNull(envelope["data"]!["timeout"]);
        var received = cpo.CheckedRequests().Where(r => r.Path.Contains("/chargingprofiles/", StringComparison.Ordinal)).ToList();
        Assert.True(received.Count == before + 1, $"{what}: {received.Count - before} requests at the CPO");
        var sent = received[^1];
        Assert.Equal(method.Method, sent.Method);
        var hubUrl = method == HttpMethod.Put
            ? JsonNode.Parse(sent.Body)!["response_url"]!.GetValue<string>()
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(sent.Query)["response_url"].ToString();
        Assert.StartsWith($"{net.Hub.BaseUrl}/ocpi/{cpo.Options.Version.ToWire()}/sender/chargingprofiles/{name}/", hubUrl);
        Assert.Equal((Key(emsp).PartyId, Key(cpo).PartyId), (sent.Header("OCPI-from-party-id"), sent.Header("OCPI-to-party-id")));
        return (responseUrl, what, correlationId);
    }

    /// <summary>The one result at the eMSP's <paramref name="responseUrl"/>, from the CPO (through the hub), once it has come.</summary>
    private static async Task<JsonObject> ResultAtAsync(SimulatedPartner emsp, SimulatedPartner cpo, string responseUrl, string what)
    {
        var path = new Uri(responseUrl).AbsolutePath;
        var results = await Eventually.UntilAsync(() => emsp.CommandResults.Where(r => r.Path == path).ToList(), r => r.Count > 0, what);
        Assert.Equal((Key(cpo).PartyId, Key(emsp).PartyId), (Assert.Single(results).Header("OCPI-from-party-id"), results[0].Header("OCPI-to-party-id")));
        return JsonNode.Parse(results[0].Body)!.AsObject();
    }
}
