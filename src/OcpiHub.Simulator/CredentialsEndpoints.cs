using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using Endpoint = OcpiHub.Protocol.Common.Endpoint;

namespace OcpiHub.Simulator;

/// <summary>
/// The credentials module as a server: the other side registers (POST), updates (PUT), reads (GET) and
/// unregisters (DELETE). POST and PUT fetch the caller's versions and endpoints before answering, as the spec requires.
/// </summary>
internal static class CredentialsEndpoints
{
    public static void MapCredentials(this IEndpointRouteBuilder routes, OcpiVersion version)
    {
        var path = $"/{version.ToWire()}/credentials";
        routes.MapGet(path, Get);
        routes.MapPost(path, Register);
        routes.MapPut(path, Update);
        routes.MapDelete(path, Unregister);
    }

    private static IResult Get(HttpContext http, PartnerContext partner)
    {
        var caller = TokenAuthentication.CallerOf(http);
        return OcpiResult.Success(CredentialsCodec.Own(partner.Options, caller.Token, partner.VersionsUrl));
    }

    private static async Task<IResult> Register(HttpContext http, PartnerContext partner)
    {
        if (partner.Credentials.IsRegistered)
            return OcpiResult.MethodNotAllowed("already registered: use PUT to update or DELETE to unregister");
        var caller = TokenAuthentication.CallerOf(http);
        return await ExchangeAsync(http, partner, caller.Kind == CallerKind.TokenA ? caller.Token : null);
    }

    private static async Task<IResult> Update(HttpContext http, PartnerContext partner)
    {
        if (!IsRegisteredCaller(http, partner))
            return OcpiResult.MethodNotAllowed("not registered: POST to register first");
        return await ExchangeAsync(http, partner, usedTokenA: null);
    }

    private static IResult Unregister(HttpContext http, PartnerContext partner)
    {
        if (!IsRegisteredCaller(http, partner))
            return OcpiResult.MethodNotAllowed("not registered");
        partner.Credentials.Forget();
        return OcpiResult.Success();
    }

    // A caller holding only a token A is, as far as PUT and DELETE go, not registered.
    private static bool IsRegisteredCaller(HttpContext http, PartnerContext partner) =>
        partner.Credentials.IsRegistered && TokenAuthentication.CallerOf(http).Kind == CallerKind.Registered;

    /// <summary>Reads the caller's credentials, discovers its endpoints with its token, then hands it a new token.</summary>
    private static async Task<IResult> ExchangeAsync(HttpContext http, PartnerContext partner, string? usedTokenA)
    {
        var version = partner.Options.Version;
        var read = await RequestBody.ReadAsync(http, CredentialsCodec.ModelOf(version), version);
        if (RequestBody.Rejection(read) is { } rejection)
            return rejection;

        var peer = CredentialsCodec.Describe(read.Value!);
        IReadOnlyList<Endpoint> endpoints;
        try
        {
            (_, endpoints) = await partner.Client.DiscoverAsync(peer.VersionsUrl, peer.Token, http.RequestAborted);
        }
        catch (OcpiCallException e)
        {
            return new OcpiResult(StatusCodes.Status200OK, e.OcpiStatus, message: e.Message);
        }
        catch (HttpRequestException e)
        {
            return new OcpiResult(StatusCodes.Status200OK, OcpiStatusCodes.UnableToUseClientApi, message: $"cannot reach {peer.VersionsUrl}: {e.Message}");
        }

        if (partner.CredentialsFault != CredentialsFault.None)
            return FaultyAnswer(partner);
        var token = Tokens.Generate();
        partner.Credentials.Connect(token, new HubConnection(peer.Token, peer.VersionsUrl, endpoints), usedTokenA);
        return OcpiResult.Success(CredentialsCodec.Own(partner.Options, token, partner.VersionsUrl));
    }

    /// <summary>The wrong answer a test asked for; the partner stays as it was (not connected by this exchange).</summary>
    private static OcpiResult FaultyAnswer(PartnerContext partner) => partner.CredentialsFault switch
    {
        CredentialsFault.Error => new OcpiResult(StatusCodes.Status200OK, OcpiStatusCodes.ServerError, message: "simulated failure"),
        CredentialsFault.InvalidBody => OcpiResult.Success(new System.Text.Json.Nodes.JsonObject { ["url"] = partner.VersionsUrl }),
        _ => OcpiResult.Success(CredentialsCodec.Own(partner.Options with { Parties = [.. partner.Options.Parties, partner.Options.Parties[0]] },
            Tokens.Generate(), partner.VersionsUrl)),
    };
}
