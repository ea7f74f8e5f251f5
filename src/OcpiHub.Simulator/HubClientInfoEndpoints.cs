using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Json;
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
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var read = OcpiJson.Read<ClientInfo>(body.ToArray(), partner.Options.Version);
        if (read.Value is null)
            return new OcpiResult(StatusCodes.Status400BadRequest, OcpiStatusCodes.InvalidOrMissingParameters, message: read.Problems.ToStatusMessage());
        var problems = read.Problems
            .Concat(OcpiValidator.MatchUrl(read.Value, ("country_code", countryCode), ("party_id", partyId)))
            .ToList();
        if (problems.Count > 0)
            return new OcpiResult(StatusCodes.Status200OK, OcpiStatusCodes.InvalidOrMissingParameters, message: problems.ToStatusMessage());

        partner.ClientInfos[Key(countryCode, partyId)] = read.Value;
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
