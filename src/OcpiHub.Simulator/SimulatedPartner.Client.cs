using System.Text.Json.Nodes;
using OcpiHub.Core.Security;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Simulator;

/// <summary>The partner as a client of the hub: it registers, rotates its token, unregisters and sends requests.</summary>
public sealed partial class SimulatedPartner
{
    /// <summary>
    /// Registers with the hub: GET versions (fails with <see cref="OcpiCallException"/> when the hub lacks this
    /// partner's version), GET details, POST credentials with a fresh own token. Keeps the hub's token when the
    /// hub answers success; returns the response envelope either way.
    /// </summary>
    public async Task<JsonObject> RegisterAsync(string hubVersionsUrl, string tokenA, CancellationToken ct = default)
    {
        if (partner.Credentials.IsRegistered)
            throw new InvalidOperationException("already registered: update or unregister first");
        var (_, endpoints) = await partner.Client.DiscoverAsync(hubVersionsUrl, tokenA, ct);
        return await ExchangeCredentialsAsync(HttpMethod.Post, endpoints, tokenA, ct);
    }

    /// <summary>PUT credentials with a new own token (rotation), after fetching the hub's versions and endpoints again; keeps the hub's new token.</summary>
    public async Task<JsonObject> UpdateCredentialsAsync(CancellationToken ct = default)
    {
        var hub = RequireHub();
        var (_, endpoints) = await partner.Client.DiscoverAsync(hub.VersionsUrl, hub.Token, ct);
        return await ExchangeCredentialsAsync(HttpMethod.Put, endpoints, hub.Token, ct);
    }

    /// <summary>DELETE credentials; forgets the hub when it answers success.</summary>
    public async Task<JsonObject> UnregisterAsync(CancellationToken ct = default)
    {
        var hub = RequireHub();
        var envelope = await partner.Client.CallAsync(HttpMethod.Delete, CredentialsUrlOf(hub.Endpoints), hub.Token, null, ct);
        if (IsSuccess(envelope))
            partner.Credentials.Forget();
        return envelope;
    }

    /// <summary>A request to the hub, authenticated with <see cref="TokenToCallHub"/> (or <paramref name="token"/>) encoded per <see cref="PartnerOptions.Base64Tokens"/>.</summary>
    public Task<HttpResponseMessage> SendToHubAsync(HttpMethod method, string url, string? jsonBody = null, string? token = null, CancellationToken ct = default) =>
        SendToHubAsync(OcpiClient.Request(method, url, jsonBody), token, ct);

    /// <summary>As the other overload, for a request with headers of its own (routing headers, trace ids).</summary>
    public Task<HttpResponseMessage> SendToHubAsync(HttpRequestMessage request, string? token = null, CancellationToken ct = default)
    {
        token ??= TokenToCallHub ?? throw new InvalidOperationException("not registered with a hub and no token given");
        return partner.Client.SendAsync(request, token, ct);
    }

    // The hub calls back with the offered token (versions, details) before it answers, so it is accepted meanwhile;
    // it replaces the old token only when the hub answers success.
    private async Task<JsonObject> ExchangeCredentialsAsync(HttpMethod method, IReadOnlyList<Endpoint> endpoints, string token, CancellationToken ct)
    {
        var url = CredentialsUrlOf(endpoints);
        var ownToken = Tokens.Generate();
        partner.Credentials.Offer(ownToken);
        try
        {
            var own = CredentialsCodec.Own(Options, ownToken, VersionsUrl);
            var envelope = await partner.Client.CallAsync(method, url, token, own, ct);
            if (IsSuccess(envelope))
            {
                var hub = CredentialsCodec.Describe(partner.Client.DataOf(envelope, CredentialsCodec.ModelOf(Options.Version), url));
                partner.Credentials.Connect(ownToken, new HubConnection(hub.Token, hub.VersionsUrl, endpoints));
            }
            return envelope;
        }
        finally
        {
            partner.Credentials.WithdrawOffer();
        }
    }

    private HubConnection RequireHub() =>
        partner.Credentials.Hub ?? throw new InvalidOperationException("not registered with a hub");

    private static string CredentialsUrlOf(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.First(e => e.Identifier?.Value == "credentials").Url!;

    private static bool IsSuccess(JsonObject envelope) =>
        OcpiClient.StatusOf(envelope) is { } status && OcpiStatusCodes.IsSuccess(status);
}
