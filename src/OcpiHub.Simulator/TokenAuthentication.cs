using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OcpiHub.Core.Security;

namespace OcpiHub.Simulator;

/// <summary>
/// Who may call: the token the partner gave the hub everywhere; an unused token A only where registration
/// happens (versions, version details, credentials). Anything else is HTTP 401 (spec, Authorization header).
/// </summary>
internal static class TokenAuthentication
{
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder, bool acceptsTokenA) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var candidates = Tokens.Candidates(http.Request.Headers.Authorization.ToString());
            if (!PartnerContext.Of(http).Options.AcceptsBase64Tokens)
                candidates = [.. candidates.Take(1)]; // the value as sent only
            if (candidates.Count == 0)
                return OcpiResult.Unauthorized("missing Authorization: Token header");
            var caller = PartnerContext.Of(http).Credentials.Identify(candidates);
            if (caller is null)
                return OcpiResult.Unauthorized("unknown token");
            if (caller.Kind == CallerKind.TokenA && !acceptsTokenA)
                return OcpiResult.Unauthorized("a token A only gives access to versions and credentials");
            http.Items[typeof(Caller)] = caller;
            return await next(invocation);
        });

    /// <summary>The caller the filter identified.</summary>
    public static Caller CallerOf(HttpContext http) => (Caller)http.Items[typeof(Caller)]!;
}
