using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Server.Cli;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Tracing;

/// <summary>
/// One correlation id followed through the hub: the calls an exchange causes keep it and get new request ids,
/// and the message log lists the inbound and outbound messages under it, as the admin API and the CLI show.
/// </summary>
public class CorrelationTests
{
    private static IReadOnlyList<RecordedRequest> ClientInfoPuts(SimulatedPartner partner) =>
        partner.CheckedRequests().Where(r => r.Method == "PUT" && r.Path.Contains("/hubclientinfo/", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_registration_is_logged_in_and_out_under_the_partner_s_correlation_id(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var partner = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        var (platformId, _) = await Partners.RegisterWithHubAsync(hub, partner);

        var post = Assert.Single(await LoggedMessages.ListAsync(hub, $"platform={platformId}", atLeast: 5),
            e => e.Text("direction") == "IN" && e.Text("method") == "POST");
        Assert.Equal(("credentials", 1000, 200), (post.Text("module"), post.Number("ocpi_status"), post.Number("http_status")));
        Assert.Equal("/ocpi/2.2.1/credentials", post.Text("path"));
        var correlationId = post.Text("correlation_id");

        var exchange = await LoggedMessages.ListAsync(hub, $"correlation_id={Uri.EscapeDataString(correlationId)}", atLeast: 3);

        // The POST and the hub's GETs of the partner's versions and details, made while it handled the POST. Times
        // are milliseconds, so entries of one millisecond may come in either order.
        Assert.Equal([("IN", "POST", "credentials"), ("OUT", "GET", "versions"), ("OUT", "GET", "versions")],
            exchange.Select(e => (e.Text("direction"), e.Text("method"), e.Text("module"))).Order());
        Assert.All(exchange, e => Assert.Equal(platformId, e.TextOrNull("platform_id")));
        Assert.Equal([partner.VersionUrl, partner.VersionsUrl], exchange.Where(e => e.Text("direction") == "OUT").Select(e => e.Text("path")).Order());
        var partnerSaw = partner.CheckedRequests().Where(r => r.Header(HubTracing.CorrelationIdHeader) == correlationId).ToList();
        Assert.Equal(2, partnerSaw.Count);
        Assert.Equal(partnerSaw.Select(r => r.Header(HubTracing.RequestIdHeader)).Order(),
            exchange.Where(e => e.Text("direction") == "OUT").Select(e => e.Text("request_id")).Order());
        Assert.Equal(3, exchange.Select(e => e.Text("request_id")).Distinct().Count());
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_agreement_s_client_info_puts_keep_its_correlation_id_with_new_request_ids(StorageKind storage)
    {
        await using var hub = await HubUnderTest.StartAsync(storage);
        await using var cpo = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CPA"));
        await using var emsp = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "EMA", "DE"));
        var cpoPlatform = await Partners.ConnectAsync(hub, cpo, Initiator.Partner);
        var emspPlatform = await Partners.ConnectAsync(hub, emsp, Initiator.Hub);
        var correlationId = "agreement-" + Guid.NewGuid();

        using (var request = new HttpRequestMessage(HttpMethod.Post, "admin/agreements") { Content = JsonBody(new { cpo = "NL*CPA", emsp = "DE*EMA" }) })
        {
            request.Headers.Add(HubTracing.RequestIdHeader, "operator-request");
            request.Headers.Add(HubTracing.CorrelationIdHeader, correlationId);
            using var response = await hub.Admin.SendAsync(request);
            Assert.Equal(201, (int)response.StatusCode);
            Assert.Equal(correlationId, response.Headers.GetValues(HubTracing.CorrelationIdHeader).Single());
        }

        var toCpo = Assert.Single(await Eventually.UntilAsync(() => ClientInfoPuts(cpo), p => p.Count > 0, "the CPO's ClientInfo"));
        var toEmsp = Assert.Single(await Eventually.UntilAsync(() => ClientInfoPuts(emsp), p => p.Count > 0, "the eMSP's ClientInfo"));
        Assert.Equal(correlationId, toCpo.Header(HubTracing.CorrelationIdHeader));
        Assert.Equal(correlationId, toEmsp.Header(HubTracing.CorrelationIdHeader));
        string[] requestIds = [toCpo.Header(HubTracing.RequestIdHeader)!, toEmsp.Header(HubTracing.RequestIdHeader)!];
        Assert.All(requestIds, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(2, requestIds.Distinct().Count());

        var logged = await LoggedMessages.ListAsync(hub, $"correlation_id={correlationId}", atLeast: 2);
        Assert.Equal(2, logged.Count);
        Assert.All(logged, e => Assert.Equal(("OUT", "PUT", "hubclientinfo", 1000, 200),
            (e.Text("direction"), e.Text("method"), e.Text("module"), e.Number("ocpi_status"), e.Number("http_status"))));
        Assert.Equal(
            [(cpoPlatform, "NL*CPA", requestIds[0], $"{cpo.BaseUrl}{toCpo.Path}"), (emspPlatform, "DE*EMA", requestIds[1], $"{emsp.BaseUrl}{toEmsp.Path}")],
            logged.Select(e => (e.Text("platform_id"), e.Text("to"), e.Text("request_id"), e.Text("path"))).OrderBy(e => e.Item2 == "DE*EMA"));

        // The operator's view of the same: one line per message, with the ids the partners saw.
        var output = new StringWriter();
        using var client = new AdminApiClient(hub.BaseUrl, HubUnderTest.AdminKey);
        Assert.Equal(0, await HubCommandLine.RunAsync(["messages", "--correlation-id", correlationId], client, output, TextWriter.Null));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time", lines[0]);
        Assert.DoesNotContain("correlation id", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(requestIds, id => Assert.Single(lines, l => l.Contains(id, StringComparison.Ordinal) && l.Contains("OUT  ", StringComparison.Ordinal)));
    }

    private static StringContent JsonBody(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
