using Microsoft.AspNetCore.Diagnostics;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Ocpi;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Anything thrown still gets an answer in the shape of its API: an OCPI envelope on /ocpi, an admin error on
/// /admin. A bad request (a body over the limit, …) is the client's error; a database that gives no connection
/// or loses one is a passing unavailability (503, Retry-After); anything else the hub's.
/// </summary>
public static class ErrorResponses
{
    private const string RetryAfterSeconds = "5";

    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (httpStatus, reason) = error switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            // Down, overloaded or failing over for now (the node logs which): the partner's retry will be answered.
            { } e when HubDatabase.IsUnavailable(e) => (StatusCodes.Status503ServiceUnavailable, "the hub's database is unavailable or overloaded: retry later"),
            _ => (StatusCodes.Status500InternalServerError, "internal error of the hub"),
        };
        if (httpStatus == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        IResult result = context.Request.Path.StartsWithSegments("/admin")
            ? AdminProblem.Of(httpStatus, reason)
            // Thrown below the OCPI layer (a body over the limit, a fault of the hub): the transport's own status.
            : new OcpiResult(null, context.RequestVersion(), httpStatus < 500 ? OcpiStatusCodes.ClientError : OcpiStatusCodes.ServerError, reason, httpStatus);
        await result.ExecuteAsync(context);
    }
}
