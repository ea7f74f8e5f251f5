using Microsoft.AspNetCore.Diagnostics;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Admin;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// Anything thrown still gets an answer in the shape of its API: an OCPI envelope on /ocpi, an admin error on
/// /admin. A bad request (a body over the limit, …) is the client's error; anything else the hub's.
/// </summary>
public static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (httpStatus, reason) = error is BadHttpRequestException bad
            ? (bad.StatusCode, bad.Message)
            : (StatusCodes.Status500InternalServerError, "internal error of the hub");
        IResult result = context.Request.Path.StartsWithSegments("/admin")
            ? AdminProblem.Of(httpStatus, reason)
            // Thrown below the OCPI layer (a body over the limit, a fault of the hub): the transport's own status.
            : new OcpiResult(null, context.RequestVersion(), httpStatus < 500 ? OcpiStatusCodes.ClientError : OcpiStatusCodes.ServerError, reason, httpStatus);
        await result.ExecuteAsync(context);
    }
}
