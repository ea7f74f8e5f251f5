using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Validation;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// Refuses (2001) a request whose URL carries control characters in a route value (an id, a country code …) or in a
/// query parameter, naming it: these become keys and lookups, no OCPI id or parameter holds one, and a NUL cannot even
/// be stored. A body's text is the validator's (<see cref="ControlCharacters"/> there too).
/// </summary>
public static class UrlText
{
    public static ValueTask<object?> RefuseControlCharacters(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        return WithControlCharacters(context.Request) is { } part
            ? ValueTask.FromResult<object?>(OcpiResults.Refused(context.RequestVersion(), OcpiStatusCodes.InvalidOrMissingParameters,
                $"{part} {ControlCharacters.Problem}"))
            : next(invocation);
    }

    /// <summary>The first part of the URL holding a control character, as a partner would name it; null when none does.</summary>
    private static string? WithControlCharacters(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && ControlCharacters.In(text))
                return $"{name} in the URL path";
        }
        foreach (var (name, values) in request.Query)
        {
            if (ControlCharacters.In(name))
                return "a query parameter's name";
            if (values.Any(value => ControlCharacters.In(value)))
                return $"query parameter {name}";
        }
        return null;
    }
}
