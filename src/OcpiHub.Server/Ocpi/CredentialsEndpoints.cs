using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Validation;
using OcpiHub.Server.Onboarding;

namespace OcpiHub.Server.Ocpi;

/// <summary>
/// The credentials module, every version, the hub as the receiving side: GET the hub's credentials, POST to
/// register (with token A), PUT to update (re-fetch, rotate, change version), DELETE to unregister. POST when
/// registered and PUT/DELETE when not are HTTP 405 (<see cref="OcpiMethods"/>).
/// </summary>
public static class CredentialsEndpoints
{
    private static readonly string[] Registered = [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete];
    private static readonly string[] NotRegistered = [HttpMethods.Get, HttpMethods.Post];

    public static void MapCredentials(this IEndpointRouteBuilder ocpi)
    {
        var credentials = ocpi.MapGroup("/{version}/credentials")
            .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: true)
            .Supports(context => context.Caller().Platform.IsRegistered ? Registered : NotRegistered);

        credentials.MapGet("", async (HttpContext context, HubCredentials hub) =>
        {
            var caller = context.Caller();
            var version = context.RequestVersion();
            return OcpiResults.Ok(await hub.ForAsync(version, caller.Token, caller.Platform.Id, context.RequestAborted), version);
        });
        // POST registers, PUT updates: which one the caller may use follows from its registration (above).
        credentials.MapMethods("", [HttpMethods.Post, HttpMethods.Put], ExchangeAsync);
        credentials.MapDelete("", async (HttpContext context, Registration registration) =>
        {
            await registration.UnregisterAsync(context.Caller().Platform, context.CorrelationId(), context.RequestAborted);
            return OcpiResults.Ok(context.RequestVersion());
        });
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, Registration registration)
    {
        var caller = context.Caller();
        var version = context.RequestVersion();
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
}
