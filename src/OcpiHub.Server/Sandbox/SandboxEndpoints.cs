using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Server.Admin;
using OcpiHub.Simulator;

namespace OcpiHub.Server.Sandbox;

public sealed record SandboxPartnerView(string Party, string Role, string Version, string Name, string? PlatformId, string VersionsUrl,
    IReadOnlyList<string> Locations, IReadOnlyList<string> Tokens)
{
    public static SandboxPartnerView Of(SandboxPartner partner) => new(partner.Party.ToString(), partner.Role, partner.Version.ToWire(), partner.Name,
        partner.PlatformId, partner.Partner.VersionsUrl, partner.LocationIds, [.. partner.OwnTokens.Select(t => (string)t["uid"]!)]);
}

public sealed record SandboxView(bool Ready, IReadOnlyList<SandboxPartnerView> Partners);

public sealed record StartSessionRequest(string? Emsp, string? Cpo, string? LocationId, string? EvseUid);

/// <summary>The hub's answer to a sandbox eMSP's command: its HTTP status and OCPI envelope.</summary>
public sealed record SandboxCommandView(int HttpStatus, JsonObject? Answer)
{
    public static SandboxCommandView Of(PostedResult posted) => new(posted.HttpStatus, posted.Envelope);
}

/// <summary>
/// <c>/admin/sandbox</c>: the sandbox partners (404 when the sandbox is off), and a sandbox eMSP told to send
/// START_SESSION to a Location of any CPO it has an agreement with (a partner under test, or a sandbox CPO).
/// </summary>
internal static class SandboxEndpoints
{
    public static void MapSandbox(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("", Show).ProducesAdminProblems(StatusCodes.Status404NotFound);
        sandbox.MapPost("/start-session", StartSessionAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }

    private static Results<Ok<SandboxView>, AdminProblem> Show(IServiceProvider services) =>
        services.GetService<SandboxNetwork>() is { } network
            ? TypedResults.Ok(new SandboxView(network.IsReady, [.. network.Partners.Select(SandboxPartnerView.Of)]))
            : Off();

    private static async Task<Results<Ok<SandboxCommandView>, AdminProblem>> StartSessionAsync(AdminBody<StartSessionRequest> request,
        IServiceProvider services)
    {
        if (services.GetService<SandboxNetwork>() is not { } network)
            return Off();
        if (request.Value is not { } body)
            return request.Problem!;
        if (!PartyKey.TryParse(body.Emsp, out var emsp) || !PartyKey.TryParse(body.Cpo, out var cpo) || string.IsNullOrWhiteSpace(body.LocationId))
            return AdminProblem.BadRequest("emsp and cpo (party ids such as ES*MS1) and location_id are required");
        try
        {
            return TypedResults.Ok(SandboxCommandView.Of(await network.StartSessionAsync(emsp, cpo, body.LocationId.Trim(), body.EvseUid)));
        }
        catch (SandboxException e)
        {
            return AdminProblem.BadRequest(e.Message);
        }
    }

    private static AdminProblem Off() => AdminProblem.NotFound("the sandbox is off (Hub:Sandbox:Enabled)");
}
