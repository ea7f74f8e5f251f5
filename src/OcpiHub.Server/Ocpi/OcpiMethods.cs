using OcpiHub.Protocol.Common;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// The one answer of every OCPI endpoint to a method it does not support: HTTP 405, the OCPI error (2000) naming the
/// method, and <c>Allow</c> listing exactly the methods the endpoint supports for this request (RFC 9110: every 405
/// carries Allow). Which methods an endpoint supports may depend on the request: its version (no PATCH of a 2.2.1+
/// Tariff), the caller's registration (credentials).
/// </summary>
public static class OcpiMethods
{
    public static readonly string[] Get = [HttpMethods.Get];
    public static readonly string[] Post = [HttpMethods.Post];
    public static readonly string[] Put = [HttpMethods.Put];

    /// <summary>
    /// Limits the endpoints of <paramref name="group"/> to the methods <paramref name="supported"/> names for a request,
    /// checked after the filters the group has so far (the version, the caller's token), so a stranger still learns only
    /// that it is not authenticated. Every other method at the group's pattern, or at <paramref name="subpatterns"/> of
    /// it, answers 405 too instead of falling through to "no such endpoint".
    /// </summary>
    public static RouteGroupBuilder Supports(this RouteGroupBuilder group, Func<HttpContext, IReadOnlyList<string>> supported, params string[] subpatterns)
    {
        group.AddEndpointFilter((invocation, next) =>
        {
            var context = invocation.HttpContext;
            var allowed = supported(context);
            return Allows(allowed, context.Request.Method)
                ? next(invocation)
                : ValueTask.FromResult<object?>(NotAllowed(context, allowed));
        });
        // The handler behind the filter: a method with no handler of its own never passes it.
        foreach (var pattern in subpatterns.Prepend(""))
            group.Map(pattern, (HttpContext context) => NotAllowed(context, supported(context)));
        return group;
    }

    /// <inheritdoc cref="Supports(RouteGroupBuilder, Func{HttpContext, IReadOnlyList{string}}, string[])"/>
    public static RouteGroupBuilder Supports(this RouteGroupBuilder group, IReadOnlyList<string> supported, params string[] subpatterns) =>
        group.Supports(_ => supported, subpatterns);

    /// <summary>Whether <paramref name="method"/> is one of <paramref name="allowed"/>: a loop, as it runs for every request.</summary>
    private static bool Allows(IReadOnlyList<string> allowed, string method)
    {
        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], method, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static IResult NotAllowed(HttpContext context, IReadOnlyList<string> allowed)
    {
        var allow = string.Join(", ", allowed);
        context.Response.Headers.Allow = allow;
        return OcpiResults.Error(context.RequestVersion(), OcpiErrorKind.MethodNotAllowed, OcpiStatusCodes.ClientError,
            $"{context.Request.Method} is not allowed on {context.Request.Path}: it allows {allow}");
    }
}
