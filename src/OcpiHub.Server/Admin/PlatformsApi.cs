using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Security;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Admin;

/// <summary><c>/admin/platforms</c>: register (token A for a partner to connect), connect (the hub does the handshake), list, show, change, remove.</summary>
public static class PlatformsApi
{
    public static RouteGroupBuilder MapPlatformsApi(this RouteGroupBuilder admin)
    {
        var platforms = admin.MapGroup("/platforms").WithTags("Platforms");
        platforms.MapPost("", RegisterAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest);
        platforms.MapPost("/connect", ConnectAsync)
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status502BadGateway);
        platforms.MapGet("", ListAsync);
        platforms.MapGet("/{id}", ShowAsync).ProducesAdminProblems(StatusCodes.Status404NotFound);
        // Read as JSON field by field (an unknown field is refused), described as the request it is.
        platforms.MapPatch("/{id}", EditAsync).Accepts<EditPlatformRequest>("application/json")
            .ProducesAdminProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        platforms.MapDelete("/{id}", RemoveAsync).ProducesAdminProblems(StatusCodes.Status404NotFound);
        return admin;
    }

    private static async Task<Results<Created<RegisterPlatformResponse>, AdminProblem>> RegisterAsync(AdminBody<RegisterPlatformRequest> request,
        IPlatformStore store, HubCredentials hubCredentials, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Value is not { } body)
            return request.Problem!;
        if (string.IsNullOrWhiteSpace(body.Name))
            return AdminProblem.BadRequest("name is required");
        var (declared, partyError) = DeclaredParty(body.Role, body.CountryCode, body.PartyId);
        if (partyError is not null)
            return AdminProblem.BadRequest(partyError);

        var platform = new Platform { Id = Guid.NewGuid().ToString(), Name = body.Name.Trim(), DeclaredParty = declared, CreatedAt = clock.GetUtcNow() };
        var tokenA = Tokens.Generate();
        await store.SaveAsync(platform, new TokenChanges { Inbound = (Tokens.Hash(tokenA), TokenKind.Registration) }, cancellationToken: cancellationToken);
        return TypedResults.Created(Location(platform), new RegisterPlatformResponse(platform.Id, tokenA, hubCredentials.VersionsUrl));
    }

    private static async Task<Results<Created<PlatformView>, AdminProblem>> ConnectAsync(AdminBody<ConnectPlatformRequest> request,
        Registration registration, HttpContext context)
    {
        if (request.Value is not { } body)
            return request.Problem!;
        if (string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.VersionsUrl) || string.IsNullOrWhiteSpace(body.TokenA))
            return AdminProblem.BadRequest("name, versions_url and token_a are required");
        if (PartnerUrl.Problem(body.VersionsUrl) is { } urlProblem)
            return AdminProblem.BadRequest($"versions_url: {urlProblem}");
        var (declared, partyError) = DeclaredParty(body.Role, body.CountryCode, body.PartyId);
        if (partyError is not null)
            return AdminProblem.BadRequest(partyError);
        try
        {
            var platform = await registration.ConnectAsync(body.Name.Trim(), body.VersionsUrl, body.TokenA, declared, context.CorrelationId(), context.RequestAborted);
            return TypedResults.Created(Location(platform), PlatformView.Of(platform));
        }
        catch (RegistrationException e)
        {
            var status = e.StatusCode == OcpiStatusCodes.UnableToUseClientApi ? StatusCodes.Status502BadGateway : StatusCodes.Status422UnprocessableEntity;
            return AdminProblem.Of(status, "handshake failed: " + e.Message, e.StatusCode);
        }
    }

    private static async Task<Ok<List<PlatformView>>> ListAsync(IPlatformStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ViewAllAsync(cancellationToken));

    private static async Task<Results<Ok<PlatformView>, AdminProblem>> ShowAsync(string id, IPlatformStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } platform
            ? TypedResults.Ok(await store.ViewAsync(platform, cancellationToken))
            : NoPlatform(id);

    private static async Task<Results<Ok<PlatformView>, AdminProblem>> EditAsync(string id, HttpContext context, PlatformEditor editor)
    {
        var (body, problem) = await AdminJson.ParseAsync<JsonObject>(context);
        if (body is null)
            return AdminProblem.BadRequest(problem!);
        return await editor.EditAsync(id, body, context.RequestAborted) switch
        {
            { Found: false } => NoPlatform(id),
            { Changed: { } changed } => TypedResults.Ok(PlatformView.Of(changed)),
            var refused => AdminProblem.BadRequest(refused.Problem!),
        };
    }

    private static async Task<Results<NoContent, AdminProblem>> RemoveAsync(string id, HttpContext context, IPlatformStore store, AgreementBackfill backfill,
        CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is null)
            return NoPlatform(id);
        // Its parties' counterparts are told they are suspended: recorded with the removal, run by any node.
        await store.DeleteAsync(id, context.CorrelationId(), cancellationToken);
        backfill.Started();
        return TypedResults.NoContent();
    }

    /// <summary>The party an operator declares for a 2.1.1 partner: all three of role, country code and party id, or none.</summary>
    private static (Party? Party, string? Problem) DeclaredParty(string? role, string? countryCode, string? partyId)
    {
        if (role is null && countryCode is null && partyId is null)
            return (null, null);
        if (role is not ("CPO" or "EMSP" or "NSP" or "NAP" or "SCSP" or "OTHER"))
            return (null, "role must be one of CPO, EMSP, NSP, NAP, SCSP, OTHER (with country_code and party_id)");
        if (!PartyKey.TryFrom(countryCode, partyId, out var key))
            return (null, "country_code (2 letters) and party_id (3 letters or digits) are required with role");
        return (new Party(key, role), null);
    }

    private static string Location(Platform platform) => $"/admin/platforms/{platform.Id}";

    private static AdminProblem NoPlatform(string id) => AdminProblem.NotFound($"no platform {id}");
}
