using System.Text;
using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Server.Tests.Infrastructure;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Commands;

/// <summary>
/// A hub with a CPO and an eMSP of every version (NL*C11, NL*C22, NL*C30; DE*E11, DE*E22, DE*E30), every CPO agreed with
/// every eMSP and holding one Location <c>LOC-{cpo}</c> (EVSE <c>LOC-{cpo}-E1</c>) and, in the hub's store, one Session
/// <c>S-{cpo}-{emsp}</c> per eMSP. Also a 2.2.1 CPO NL*CXX agreed with no one (Location LOC-CXX), and a Location SHARED
/// at C22 and C30.
/// </summary>
public sealed class CommandNetwork : IAsyncDisposable
{
    public required HubUnderTest Hub { get; init; }
    public required IReadOnlyList<SimulatedPartner> Cpos { get; init; }
    public required IReadOnlyList<SimulatedPartner> Emsps { get; init; }
    public required SimulatedPartner Outsider { get; init; }

    public static async Task<CommandNetwork> StartAsync(StorageKind storage, params string[] settings)
    {
        var hub = await HubUnderTest.StartAsync(storage, settings);
        var network = new CommandNetwork
        {
            Hub = hub,
            Cpos = [.. await Task.WhenAll(OcpiVersions.All.Select(v => Partners.StartAsync(v, Partners.Party("CPO", "C" + Short(v)))))],
            Emsps = [.. await Task.WhenAll(OcpiVersions.All.Select(v => Partners.StartAsync(v, Partners.Party("EMSP", "E" + Short(v), "DE"))))],
            Outsider = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "CXX")),
        };
        foreach (var partner in network.Cpos.Concat(network.Emsps).Append(network.Outsider))
            await Partners.ConnectAsync(hub, partner, Initiator.Partner);
        foreach (var cpo in network.Cpos)
        {
            foreach (var emsp in network.Emsps)
                await hub.AgreeAsync(Key(cpo).ToString(), Key(emsp).ToString());
        }
        foreach (var cpo in network.Cpos.Append(network.Outsider))
            await PutLocationAsync(hub, cpo, LocationOf(cpo));
        await PutLocationAsync(hub, network.Cpos[1], "SHARED");
        await PutLocationAsync(hub, network.Cpos[2], "SHARED");
        foreach (var cpo in network.Cpos)
        {
            foreach (var emsp in network.Emsps)
                await network.StoreSessionAsync(cpo, SessionOf(cpo, emsp), emsp);
        }
        return network;
    }

    /// <summary>Settings that make the hub give up on a result soon after the CPO's timeout (a small margin, checked often).</summary>
    public static readonly string[] QuickResultTimeouts = ["--Hub:Commands:ResultMarginSeconds=0.2", "--Hub:Commands:TimeoutPollSeconds=0.1"];

    /// <summary>The CPO accepts every request with a timeout of 1 s and never posts its result.</summary>
    public static void NeverPostsResults(SimulatedPartner cpo)
    {
        cpo.Commands.Timeout = 1;
        cpo.Commands.Outcome = new CommandOutcome { Never = true };
    }

    public static PartyKey Key(SimulatedPartner partner) => new(partner.Options.Parties[0].CountryCode, partner.Options.Parties[0].PartyId);

    public static string LocationOf(SimulatedPartner cpo) => "LOC-" + Key(cpo).PartyId;

    public static string SessionOf(SimulatedPartner cpo, SimulatedPartner emsp) => $"S-{Key(cpo).PartyId}-{Key(emsp).PartyId}";

    /// <summary>A command of <paramref name="emsp"/> to the hub, in its version, with a correlation id of its own and any routing headers.</summary>
    public Task<(HttpResponseMessage Response, JsonObject Envelope)> SendCommandAsync(SimulatedPartner emsp, string command, string body,
        string correlationId, params (string Name, string Value)[] headers) =>
        SendCommandAsync(Hub, emsp, command, body, correlationId, headers);

    /// <summary>As the instance method, to any hub (a hub process).</summary>
    public static Task<(HttpResponseMessage Response, JsonObject Envelope)> SendCommandAsync(IHub hub, SimulatedPartner emsp, string command,
        string body, string correlationId, params (string Name, string Value)[] headers) =>
        SendCommandAsync(hub, emsp, command, new StringContent(body, Encoding.UTF8, "application/json"), correlationId, headers);

    /// <summary>As the others, with the body sent as <paramref name="content"/> says (e.g. late: <see cref="LateBody"/>).</summary>
    public static async Task<(HttpResponseMessage Response, JsonObject Envelope)> SendCommandAsync(IHub hub, SimulatedPartner emsp, string command,
        HttpContent content, string correlationId, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{hub.BaseUrl}/ocpi/{emsp.Options.Version.ToWire()}/receiver/commands/{command}")
        {
            Content = content,
        };
        request.Headers.Add("X-Correlation-ID", correlationId);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await emsp.SendToHubAsync(request);
        return (response, await Partners.EnvelopeAsync(response));
    }

    /// <summary>The commands <paramref name="cpo"/> received (checked against the schema of its version).</summary>
    public static IReadOnlyList<RecordedRequest> CommandsAt(SimulatedPartner cpo) =>
        [.. cpo.CheckedRequests().Where(r => r.Method == "POST" && CommandOfPath(r.Path) is not null)];

    public int CommandCount => Cpos.Append(Outsider).Sum(c => CommandsAt(c).Count);

    private static string? CommandOfPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[^2] == "commands" ? segments[^1] : null;
    }

    /// <summary>The CPO pushes its Location <paramref name="id"/> to the hub.</summary>
    public static async Task PutLocationAsync(IHub hub, SimulatedPartner cpo, string id)
    {
        var key = Key(cpo);
        var request = new HttpRequestMessage(HttpMethod.Put, $"{hub.BaseUrl}/ocpi/{cpo.Options.Version.ToWire()}/receiver/locations/{key.CountryCode}/{key.PartyId}/{id}")
        {
            Content = new StringContent(LocationJson.Location(cpo.Options.Version, key.CountryCode, key.PartyId, id), Encoding.UTF8, "application/json"),
        };
        using var response = await cpo.SendToHubAsync(request);
        var envelope = await Partners.EnvelopeAsync(response);
        Assert.True(envelope["status_code"]!.GetValue<int>() == 1000, $"PUT location {id}: {envelope}");
    }

    /// <summary>
    /// Places Session <paramref name="id"/> of <paramref name="cpo"/> in the hub's store, charged on a token of
    /// <paramref name="emsp"/> (null: a token the hub could not place). STOP_SESSION routes by the stored Session's CPO and token owner.
    /// </summary>
    public Task StoreSessionAsync(SimulatedPartner cpo, string id, SimulatedPartner? emsp)
    {
        var now = DateTimeOffset.UtcNow;
        return Hub.Service<IDataStore>().SaveAsync([new StoredObject(DataModule.Sessions, Key(cpo), id, now, $$"""{"id":"{{id}}"}""", emsp is null ? null : Key(emsp), now)]);
    }

    private static string Short(OcpiVersion version) => version switch
    {
        OcpiVersion.V211 => "11",
        OcpiVersion.V221 => "22",
        _ => "30",
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var partner in Cpos.Concat(Emsps).Append(Outsider))
            await partner.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
