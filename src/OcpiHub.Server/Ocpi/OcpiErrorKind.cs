namespace OcpiHub.Server.Ocpi;

/// <summary>
/// What kind of failure an OCPI error answers. The HTTP status follows from the kind alone (<see cref="OcpiErrors.HttpStatus"/>),
/// by the one rule of docs/routing.md ("HTTP status of errors"); the OCPI status says what went wrong.
/// </summary>
public enum OcpiErrorKind
{
    /// <summary>The request reached the OCPI layer (authenticated, JSON, an existing resource): HTTP 200, the OCPI status tells.</summary>
    Refused,
    /// <summary>No token, an unknown one, or token A outside versions and credentials.</summary>
    NotAuthenticated,
    /// <summary>The body is not JSON: the transport layer's error.</summary>
    NotJson,
    /// <summary>Nothing at this URL: no such endpoint or version, no object with these ids, ids the module's URLs do not have.</summary>
    NoSuchResource,
    /// <summary>The resource exists but does not take this method (credentials in the wrong state, PATCH where a module has none …).</summary>
    MethodNotAllowed,
    /// <summary>The calling platform (or address) has used up its rate limit: HTTP 429, the hub's 4000.</summary>
    RateLimited,
}

public static class OcpiErrors
{
    /// <summary>The HTTP status of every OCPI error of <paramref name="kind"/>: the one place the rule lives.</summary>
    public static int HttpStatus(this OcpiErrorKind kind) => kind switch
    {
        OcpiErrorKind.Refused => StatusCodes.Status200OK,
        OcpiErrorKind.NotAuthenticated => StatusCodes.Status401Unauthorized,
        OcpiErrorKind.NotJson => StatusCodes.Status400BadRequest,
        OcpiErrorKind.NoSuchResource => StatusCodes.Status404NotFound,
        OcpiErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        OcpiErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of OCPI error"),
    };
}
