using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OcpiHub.Protocol.Validation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Simulator;

/// <summary>The HubClientInfo receiver interface (2.2.1+): the hub pushes the connection state of parties.</summary>
internal static class HubClientInfoEndpoints
{
    public static void MapHubClientInfo(this IEndpointRouteBuilder routes)
    {
        const string path = "/hubclientinfo/{countryCode}/{partyId}";
        routes.MapPut(path, Put);
        routes.MapGet(path, Get);
    }

    private static async Task<IResult> Put(HttpContext http, PartnerContext partner, string countryCode, string partyId)
    {
        // A slow partner is slow in every module.
        if (partner.ModuleResponseDelay > TimeSpan.Zero)
            await SenderEndpoints.WaitAsync(http, partner.ModuleResponseDelay);
        var read = await RequestBody.ReadAsync(http, typeof(ClientInfo), partner.Options.Version);
        // The URL names the party the ClientInfo describes.
        var urlMismatch = read.Value is null ? [] : OcpiValidator.MatchUrl(read.Value, ("country_code", countryCode), ("party_id", partyId));
        if (RequestBody.Rejection(read, urlMismatch) is { } rejection)
            return rejection;

        partner.ClientInfos[Key(countryCode, partyId)] = (ClientInfo)read.Value!;
        return OcpiResult.Success();
    }

    private static IResult Get(PartnerContext partner, string countryCode, string partyId) =>
        partner.ClientInfos.TryGetValue(Key(countryCode, partyId), out var info)
            ? OcpiResult.Success(info)
            : OcpiResult.NotFound($"no ClientInfo for {countryCode}/{partyId}");

    // Country codes and party ids are CiStrings.
    private static (string, string) Key(string countryCode, string partyId) =>
        (countryCode.ToUpperInvariant(), partyId.ToUpperInvariant());
}
