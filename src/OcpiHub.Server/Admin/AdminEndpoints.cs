using OcpiHub.Core.Agreements;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Security;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Agreements;
using OcpiHub.Server.Hosting;
using OcpiHub.Server.Ocpi;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Admin;

/// <summary>
/// The operators' REST API under <c>/admin</c>: platforms (register, connect, list, show, settings, remove),
/// agreements (add, list, suspend, end) and the message log. Every call needs <c>Authorization: Bearer &lt;admin key&gt;</c>.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAdminKey);
        MapPlatforms(admin.MapGroup("/platforms").WithTags("Platforms"));
        MapAgreements(admin.MapGroup("/agreements").WithTags("Agreements"));
        admin.MapDeliveries();
        admin.MapSyncs();
        admin.MapGroup("/messages").WithTags("Messages").MapMessages();
        admin.MapGroup("/commands").WithTags("Commands").MapCommandStates();
    }

    private static void MapPlatforms(RouteGroupBuilder platforms)
    {
        platforms.MapPost("", async (HttpContext context, IPlatformStore store, HubCredentials hubCredentials, TimeProvider clock) =>
        {
            var (body, error) = await AdminJson.ReadAsync<RegisterPlatformRequest>(context);
            if (body is null)
                return error!;
            if (string.IsNullOrWhiteSpace(body.Name))
                return AdminJson.BadRequest("name is required");
            var (declared, partyError) = DeclaredParty(body.Role, body.CountryCode, body.PartyId);
            if (partyError is not null)
                return AdminJson.BadRequest(partyError);

            var platform = new Platform { Id = Guid.NewGuid().ToString(), Name = body.Name.Trim(), DeclaredParty = declared, CreatedAt = clock.GetUtcNow() };
            var tokenA = Tokens.Generate();
            await store.SaveAsync(platform, new TokenChanges { Inbound = (Tokens.Hash(tokenA), TokenKind.Registration) }, context.RequestAborted);
            return AdminJson.Ok(new RegisterPlatformResponse(platform.Id, tokenA, hubCredentials.VersionsUrl), StatusCodes.Status201Created);
        });

        platforms.MapPost("/connect", async (HttpContext context, Registration registration) =>
        {
            var (body, error) = await AdminJson.ReadAsync<ConnectPlatformRequest>(context);
            if (body is null)
                return error!;
            if (string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrWhiteSpace(body.VersionsUrl) || string.IsNullOrWhiteSpace(body.TokenA))
                return AdminJson.BadRequest("name, versions_url and token_a are required");
            if (PartnerUrl.Problem(body.VersionsUrl) is { } urlProblem)
                return AdminJson.BadRequest($"versions_url: {urlProblem}");
            var (declared, partyError) = DeclaredParty(body.Role, body.CountryCode, body.PartyId);
            if (partyError is not null)
                return AdminJson.BadRequest(partyError);
            try
            {
                var platform = await registration.ConnectAsync(body.Name.Trim(), body.VersionsUrl, body.TokenA, declared, context.CorrelationId(), context.RequestAborted);
                return AdminJson.Ok(PlatformView.Of(platform), StatusCodes.Status201Created);
            }
            catch (RegistrationException e)
            {
                var status = e.StatusCode == OcpiStatusCodes.UnableToUseClientApi ? StatusCodes.Status502BadGateway : StatusCodes.Status422UnprocessableEntity;
                return AdminJson.Error(status, "handshake failed: " + e.Message, e.StatusCode);
            }
        });

        platforms.MapGet("", async (IPlatformStore store, CancellationToken cancellationToken) =>
        {
            var seen = await store.LastSeenAsync(cancellationToken);
            return AdminJson.Ok((await store.AllAsync(cancellationToken)).Select(p => PlatformView.Of(p, seen)).ToList());
        });

        platforms.MapGet("/{id}", async (string id, IPlatformStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } platform
                ? AdminJson.Ok(PlatformView.Of(platform, await store.LastSeenAsync(cancellationToken)))
                : NoPlatform(id));

        platforms.MapPatch("/{id}", async (string id, HttpContext context, PlatformEditor editor) =>
        {
            var (body, error) = await AdminJson.ReadObjectAsync(context);
            if (body is null)
                return error!;
            return await editor.EditAsync(id, body, context.RequestAborted) switch
            {
                { Found: false } => NoPlatform(id),
                { Changed: { } changed } => AdminJson.Ok(PlatformView.Of(changed)),
                var refused => AdminJson.BadRequest(refused.Problem!),
            };
        });

        platforms.MapDelete("/{id}", async (string id, IPlatformStore store, CancellationToken cancellationToken) =>
        {
            if (await store.FindAsync(id, cancellationToken) is null)
                return NoPlatform(id);
            await store.DeleteAsync(id, cancellationToken);
            return Results.NoContent();
        });
    }

    private static void MapAgreements(RouteGroupBuilder agreements)
    {
        agreements.MapPost("", async (HttpContext context, AgreementService service) =>
        {
            var (body, error) = await AdminJson.ReadAsync<CreateAgreementRequest>(context);
            if (body is null)
                return error!;
            if (!PartyKey.TryParse(body.Cpo, out var cpo) || !PartyKey.TryParse(body.Emsp, out var emsp))
                return AdminJson.BadRequest("cpo and emsp are required, each as COUNTRY*PARTY (e.g. NL*ABC)");
            return await Guarded(async () =>
                AdminJson.Ok(AgreementView.Of(await service.CreateAsync(cpo, emsp, context.CorrelationId(), context.RequestAborted)), StatusCodes.Status201Created));
        });

        agreements.MapGet("", async (IAgreementStore store, CancellationToken cancellationToken) =>
            AdminJson.Ok((await store.AllAsync(cancellationToken)).Select(AgreementView.Of).ToList()));

        agreements.MapPost("/{id}/suspend", (string id, HttpContext context, AgreementService service) =>
            Guarded(async () => AdminJson.Ok(AgreementView.Of(await service.SuspendAsync(id, context.CorrelationId(), context.RequestAborted)))));

        agreements.MapDelete("/{id}", (string id, HttpContext context, AgreementService service) =>
            Guarded(async () => AdminJson.Ok(AgreementView.Of(await service.EndAsync(id, context.CorrelationId(), context.RequestAborted)))));
    }

    private static async Task<IResult> Guarded(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AgreementException e)
        {
            return AdminJson.Error(e.HttpStatus, e.Message);
        }
    }

    /// <summary>The party an operator declares for a 2.1.1 partner: all three of role, country code and party id, or none.</summary>
    private static (Party? Party, string? Problem) DeclaredParty(string? role, string? countryCode, string? partyId)
    {
        if (role is null && countryCode is null && partyId is null)
            return (null, null);
        if (role is not ("CPO" or "EMSP" or "NSP" or "NAP" or "SCSP" or "OTHER"))
            return (null, "role must be one of CPO, EMSP, NSP, NAP, SCSP, OTHER (with country_code and party_id)");
        if (!PartyKey.TryParse($"{countryCode}*{partyId}", out var key) || countryCode!.Length != 2 || partyId!.Length != 3)
            return (null, "country_code (2 letters) and party_id (3 letters or digits) are required with role");
        return (new Party(key, role), null);
    }

    private static IResult NoPlatform(string id) => AdminJson.Error(StatusCodes.Status404NotFound, $"no platform {id}");

    internal static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        var presented = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        return context.RequestServices.GetRequiredService<HubSecrets>().IsAdminKey(presented)
            ? await next(invocation)
            : AdminJson.Error(StatusCodes.Status401Unauthorized, "the admin API needs Authorization: Bearer <admin key>");
    }
}
