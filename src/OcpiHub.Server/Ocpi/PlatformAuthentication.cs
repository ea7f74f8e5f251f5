using OcpiHub.Core.Platforms;
using OcpiHub.Core.Security;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;

namespace OcpiHub.Server.Ocpi;

/// <summary>The authenticated platform of an OCPI request, the kind of token it used and that token itself.</summary>
public sealed record OcpiCaller(Platform Platform, TokenKind Kind, string Token);

/// <summary>
/// Authenticates every OCPI request by its <c>Authorization: Token …</c> (raw or Base64, matched by hash). A
/// registration token (token A) opens only versions and credentials; anything else without a valid token is
/// HTTP 401 with an OCPI body. Tokens are never logged.
/// </summary>
public static class PlatformAuthentication
{
    public static OcpiCaller Caller(this HttpContext context) => context.Ocpi().Caller!;

    /// <summary>The caller when the request authenticated, else null (outside the filter, or refused).</summary>
    public static OcpiCaller? CallerIfAny(this HttpContext context) => context.Features.Get<OcpiRequest>()?.Caller;

    /// <summary>The OCPI version a request addresses (its <c>{version}</c> route value), 2.3.0 when none.</summary>
    public static OcpiVersion RequestVersion(this HttpContext context) =>
        OcpiVersions.TryParse(context.GetRouteValue("version") as string, out var version) ? version : OcpiVersion.V230;

    /// <summary>
    /// Authenticates the caller, then refuses a URL with control characters (<see cref="UrlText"/>): every OCPI route that
    /// reads ids or a query passes here, and a stranger learns only that it is not authenticated.
    /// </summary>
    public static TBuilder RequirePlatform<TBuilder>(this TBuilder builder, bool registrationTokenAllowed) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var platforms = context.RequestServices.GetRequiredService<IPlatformStore>();
            var authorization = context.Request.Headers.Authorization.FirstOrDefault();
            foreach (var token in Tokens.Candidates(authorization))
            {
                if (await platforms.AuthenticateAsync(Tokens.Hash(token), context.RequestAborted) is not { } match)
                    continue;
                if (match.Kind == TokenKind.Registration && !registrationTokenAllowed)
                    return Unauthorized(context, "a registration token (token A) opens only the versions and credentials endpoints");
                context.Ocpi().Caller = new OcpiCaller(match.Platform, match.Kind, token);
                if (match.Kind == TokenKind.Access)
                    await context.RequestServices.GetRequiredService<ClientInfo.ConnectionMonitor>().SeenAsync(match.Platform, context.RequestAborted);
                return await next(invocation);
            }
            return Unauthorized(context, authorization is null ? "missing Authorization header" : "unknown token");
        }).AddEndpointFilter(UrlText.RefuseControlCharacters);

    private static IResult Unauthorized(HttpContext context, string reason) =>
        OcpiResults.Error(context.RequestVersion(), OcpiErrorKind.NotAuthenticated, OcpiStatusCodes.ClientError, "Unauthorized: " + reason);
}
