using System.Text;
using OcpiHub.Protocol;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Tests.Infrastructure;

/// <summary>
/// A hub with CPOs of 2.1.1 (NL*C11) and 2.2.1 (NL*C22) and eMSPs of 2.1.1 (DE*E11), 2.2.1 (DE*E22) and 2.3.0
/// (DE*E30), connected from both sides. Agreements: C11 with E11 and E30, C22 with E22 and E30; E11 and C22,
/// E22 and C11 have none.
/// </summary>
public sealed class RoamingNetwork : IAsyncDisposable
{
    public required HubUnderTest Hub { get; init; }
    public required SimulatedPartner Cpo211 { get; init; }
    public required SimulatedPartner Cpo221 { get; init; }
    public required SimulatedPartner Emsp211 { get; init; }
    public required SimulatedPartner Emsp221 { get; init; }
    public required SimulatedPartner Emsp230 { get; init; }

    public IEnumerable<SimulatedPartner> Members => [Cpo211, Cpo221, Emsp211, Emsp221, Emsp230];

    public static async Task<RoamingNetwork> StartAsync(StorageKind storage)
    {
        var hub = await HubUnderTest.StartAsync(storage);
        var network = new RoamingNetwork
        {
            Hub = hub,
            Cpo211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("CPO", "C11")),
            Cpo221 = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("CPO", "C22")),
            Emsp211 = await Partners.StartAsync(OcpiVersion.V211, Partners.Party("EMSP", "E11", "DE")),
            Emsp221 = await Partners.StartAsync(OcpiVersion.V221, Partners.Party("EMSP", "E22", "DE")),
            Emsp230 = await Partners.StartAsync(OcpiVersion.V230, Partners.Party("EMSP", "E30", "DE")),
        };
        await Partners.ConnectAsync(hub, network.Cpo211, Initiator.Partner);
        await Partners.ConnectAsync(hub, network.Cpo221, Initiator.Hub);
        await Partners.ConnectAsync(hub, network.Emsp211, Initiator.Hub);
        await Partners.ConnectAsync(hub, network.Emsp221, Initiator.Partner);
        await Partners.ConnectAsync(hub, network.Emsp230, Initiator.Partner);
        foreach (var (cpo, emsp) in new[] { ("NL*C11", "DE*E11"), ("NL*C11", "DE*E30"), ("NL*C22", "DE*E22"), ("NL*C22", "DE*E30") })
            await network.AgreeAsync(cpo, emsp);
        return network;
    }

    public Task AgreeAsync(string cpo, string emsp) => Hub.AdminAsync(HttpMethod.Post, "admin/agreements", new { cpo, emsp }, 201);

    /// <summary>A request of <paramref name="partner"/> to the hub, in its version: <c>{path}</c> follows <c>/ocpi/{version}/</c>.</summary>
    public async Task<HttpResponseMessage> SendAsync(SimulatedPartner partner, HttpMethod method, string path, string? body = null,
        params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, $"{Hub.BaseUrl}/ocpi/{partner.Options.Version.ToWire()}/{path}");
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return await partner.SendToHubAsync(request);
    }

    /// <summary>The changes (PUT, PATCH, DELETE) of <paramref name="module"/> the hub has sent to <paramref name="partner"/>.</summary>
    public static IReadOnlyList<RecordedRequest> Changes(SimulatedPartner partner, string module) =>
        partner.Requests.Where(r => r.Method is "PUT" or "PATCH" or "DELETE" && r.Path.Contains($"/{module}/", StringComparison.Ordinal)).ToList();

    public static Task<IReadOnlyList<RecordedRequest>> ChangesAsync(SimulatedPartner partner, string module, int count) =>
        Eventually.UntilAsync(() => Changes(partner, module), c => c.Count >= count, $"{count} {module} changes at {partner.Options.Parties[0].PartyId}");

    /// <summary>Follows <c>Link</c> from the first page of the hub's sender interface; the <paramref name="idField"/> of every object.</summary>
    public async Task<List<string>> PullAllAsync(SimulatedPartner reader, string module, string idField, string query)
    {
        var ids = new List<string>();
        string? url = $"{Hub.BaseUrl}/ocpi/{reader.Options.Version.ToWire()}/sender/{module}?{query}";
        for (var pages = 0; url is not null && pages < 20; pages++)
        {
            using var response = await reader.SendToHubAsync(HttpMethod.Get, url);
            var envelope = await Partners.EnvelopeAsync(response);
            Assert.Equal(1000, envelope["status_code"]!.GetValue<int>());
            ids.AddRange(envelope["data"]!.AsArray().Select(o => o![idField]!.GetValue<string>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partner in Members)
            await partner.DisposeAsync();
        await Hub.DisposeAsync();
    }
}
