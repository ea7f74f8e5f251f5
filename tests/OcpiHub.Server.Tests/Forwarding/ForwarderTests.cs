using System.Text.Json.Nodes;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Server.Tests.Tracing;
using OcpiHub.Simulator;
using HubTracing = OcpiHub.Server.Ocpi.Tracing;

namespace OcpiHub.Server.Tests.Forwarding;

/// <summary>
/// The one forwarding path, called as the real-time endpoints call it: the receiver is reached with its token,
/// version and the original parties' routing headers, its answer comes back as it gave it, and every way of not
/// getting an answer ends in the hub's own status (within the budget: <see cref="ForwarderBudgetTests"/>).
/// </summary>
public class ForwarderTests
{
    private static readonly PartyKey C22 = new("NL", "C22");
    internal static readonly PartyKey E22 = new("DE", "E22");
    private static readonly PartyKey E11 = new("DE", "E11");

    internal static ForwardCall Authorize(PartyKey receiver, string uid = "UID-1") => new(ForwardKind.Authorization, C22, receiver, "tokens", InterfaceRole.Sender,
        HttpMethod.Post, $"{uid}/authorize?type=RFID",
        version => Translators.FromCanonical(new Protocol.V230.LocationReferences { LocationId = "LOC22" }, version, new TranslationContext()));

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task The_receiver_is_called_with_the_original_parties_a_new_request_id_and_the_same_correlation_id(StorageKind storage)
    {
        await using var network = await RoamingNetwork.StartAsync(storage, TimedTests.UnhurriedAuthorizations);
        network.Emsp221.ModuleResponder = r => r.Path.EndsWith("/authorize", StringComparison.Ordinal)
            ? new SimulatedResponse(JsonNode.Parse("""{"allowed":"BLOCKED"}"""), 2900, Message: "as the eMSP said")
            : null;
        var correlationId = "forward-" + Guid.NewGuid();

        var outcome = await network.Hub.Service<Forwarder>().ForwardAsync(Authorize(E22), correlationId, CancellationToken.None);

        Assert.True(outcome.Answered);
        Assert.Equal((2900, "as the eMSP said", OcpiVersion.V221), (outcome.OcpiStatus, outcome.Message, outcome.ReceiverVersion));
        Assert.Equal("BLOCKED", outcome.Data!["allowed"]!.GetValue<string>());
        var asked = Assert.Single(network.Emsp221.Requests, r => r.Path.EndsWith("/authorize", StringComparison.Ordinal));
        Assert.Equal($"{network.Emsp221.VersionUrl}/tokens/UID-1/authorize", $"{network.Emsp221.BaseUrl}{asked.Path}");
        Assert.Equal("?type=RFID", asked.Query);
        Assert.Equal(("DE", "E22", "NL", "C22"), (asked.Header("OCPI-to-country-code"), asked.Header("OCPI-to-party-id"),
            asked.Header("OCPI-from-country-code"), asked.Header("OCPI-from-party-id")));
        Assert.Equal(correlationId, asked.Header(HubTracing.CorrelationIdHeader));
        Assert.NotEqual(correlationId, asked.Header(HubTracing.RequestIdHeader));
        Assert.Equal("LOC22", JsonNode.Parse(asked.Body)!["location_id"]!.GetValue<string>());

        var logged = Assert.Single(await LoggedMessages.ListAsync(network.Hub, $"correlation_id={correlationId}"));
        Assert.Equal(("OUT", "POST", "tokens", "NL*C22", "DE*E22"), (logged.Text("direction"), logged.Text("method"), logged.Text("module"),
            logged.Text("from"), logged.Text("to")));
        Assert.Equal((2900, asked.Header(HubTracing.RequestIdHeader)), (logged.Number("ocpi_status"), logged.Text("request_id")));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task A_2_1_1_receiver_gets_no_routing_headers(StorageKind storage)
    {
        await using var network = await RoamingNetwork.StartAsync(storage, TimedTests.UnhurriedAuthorizations);
        network.Emsp211.Authorizations.Answer("UID-1", new AuthorizationAnswer());

        var outcome = await network.Hub.Service<Forwarder>().ForwardAsync(Authorize(E11), "c", CancellationToken.None);

        Assert.Equal((1000, OcpiVersion.V211), (outcome.OcpiStatus, outcome.ReceiverVersion));
        var asked = Assert.Single(network.Emsp211.Requests, r => r.Path.EndsWith("/authorize", StringComparison.Ordinal));
        Assert.DoesNotContain(asked.Headers.Keys, h => h.StartsWith("OCPI-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task An_unreachable_receiver_is_a_connection_problem_and_an_unknown_one_an_unknown_receiver(StorageKind storage)
    {
        await using var network = await RoamingNetwork.StartAsync(storage, TimedTests.UnhurriedAuthorizations);
        var gone = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "EGO", "DE"));
        await Partners.ConnectAsync(network.Hub, gone, Initiator.Partner);
        await gone.DisposeAsync();
        var forwarder = network.Hub.Service<Forwarder>();

        var unreachable = await forwarder.ForwardAsync(Authorize(new PartyKey("DE", "EGO")), "c", CancellationToken.None);
        var unknown = await forwarder.ForwardAsync(Authorize(new PartyKey("IT", "XYZ")), "c", CancellationToken.None);
        var noEndpoint = await forwarder.ForwardAsync(Authorize(E22) with { Module = "chargingprofiles", Role = InterfaceRole.Receiver }, "c", CancellationToken.None);

        Assert.Equal(4003, unreachable.OcpiStatus);
        Assert.Equal(4001, unknown.OcpiStatus);
        Assert.Equal(4001, noEndpoint.OcpiStatus);
        Assert.Contains("chargingprofiles", noEndpoint.Message, StringComparison.Ordinal);
    }
}
