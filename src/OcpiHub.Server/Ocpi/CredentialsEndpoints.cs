using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// The credentials module, every version, the hub as the receiving side: GET the hub's credentials, POST to
/// register (with token A), PUT to update (re-fetch, rotate, change version), DELETE to unregister. POST when
/// registered and PUT/DELETE when not are HTTP 405, naming the methods allowed then.
/// </summary>
public static class CredentialsEndpoints
{
    public static void MapCredentials(this IEndpointRouteBuilder ocpi)
    {
        var credentials = ocpi.MapGroup("/{version}/credentials")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: true);

        credentials.MapGet("", async (HttpContext context, HubCredentials hub) =>
        {
            var caller = context.Caller();
            var version = context.RequestVersion();
            return OcpiResults.Ok(await hub.ForAsync(version, caller.Token, caller.Platform.Id, context.RequestAborted), version);
        });
        credentials.MapPost("", (HttpContext context, Registration registration) => ExchangeAsync(context, registration, update: false));
        credentials.MapPut("", (HttpContext context, Registration registration) => ExchangeAsync(context, registration, update: true));
        credentials.MapDelete("", async (HttpContext context, Registration registration) =>
        {
            var caller = context.Caller();
            if (!caller.Platform.IsRegistered)
                return NotAllowed(context, "not registered: there is nothing to delete");
            await registration.UnregisterAsync(caller.Platform, context.CorrelationId(), context.RequestAborted);
            return OcpiResults.Ok(context.RequestVersion());
        });
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, Registration registration, bool update)
    {
        var caller = context.Caller();
        var version = context.RequestVersion();
        if (caller.Platform.IsRegistered != update)
            return NotAllowed(context, update ? "not registered yet: register with POST" : "already registered: update with PUT");

        var read = PartnerCredentials.Read(await OcpiBody.ReadAsync(context), version);
        if (read.Value is null || read.Problems.Count > 0)
            return OcpiResults.InvalidBody(version, read);
        try
        {
            var hubCredentials = await registration.AcceptAsync(caller.Platform, version, read.Value, context.CorrelationId(), context.RequestAborted);
            return OcpiResults.Ok(hubCredentials, version);
        }
        catch (RegistrationException e)
        {
            return OcpiResults.Refused(version, e.StatusCode, e.Message);
        }
    }

    /// <summary>HTTP 405 with the methods allowed as the caller stands (RFC 9110: every 405 carries Allow).</summary>
    private static IResult NotAllowed(HttpContext context, string reason)
    {
        context.Response.Headers.Allow = context.Caller().Platform.IsRegistered ? "GET, PUT, DELETE" : "GET, POST";
        return OcpiResults.Error(context.RequestVersion(), OcpiErrorKind.MethodNotAllowed, OcpiStatusCodes.ClientError, reason);
    }
}
