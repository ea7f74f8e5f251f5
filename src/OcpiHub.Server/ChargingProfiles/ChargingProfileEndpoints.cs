using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Data;
using OcpiHub.Server.Forwarding;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.ChargingProfiles;

/// <summary>
/// The hub's Charging Profiles interfaces (2.2.1+; 2.1.1 has no such module): the receiver an eMSP sends
/// <c>GET/PUT/DELETE /ocpi/{version}/receiver/chargingprofiles/{session_id}</c> to, forwarded to the session's CPO, and
/// the sender a CPO PUTs an ActiveChargingProfile to, forwarded to the party that set a profile on the session
/// (<see cref="ChargingProfileForwarding"/>). Results come back through the command relays.
/// </summary>
public static class ChargingProfileEndpoints
{
    public static void MapChargingProfiles(this IEndpointRouteBuilder ocpi)
    {
        var receiver = Group(ocpi, "/{version}/receiver/chargingprofiles/{sessionId}", Party.Emsp, [HttpMethods.Get, HttpMethods.Put, HttpMethods.Delete]);
        receiver.MapGet("", (HttpContext context, string sessionId, ChargingProfileForwarding forwarding) =>
            forwarding.ForwardAsync(context, ChargingProfileRequest.Get, sessionId));
        receiver.MapPut("", (HttpContext context, string sessionId, ChargingProfileForwarding forwarding) =>
            forwarding.ForwardAsync(context, ChargingProfileRequest.Set, sessionId));
        receiver.MapDelete("", (HttpContext context, string sessionId, ChargingProfileForwarding forwarding) =>
            forwarding.ForwardAsync(context, ChargingProfileRequest.Clear, sessionId));
        Group(ocpi, "/{version}/sender/chargingprofiles/{sessionId}", Party.Cpo, OcpiMethods.Put)
            .MapPut("", (HttpContext context, string sessionId, ChargingProfileForwarding forwarding) => forwarding.UpdateAsync(context, sessionId));
    }

    private static RouteGroupBuilder Group(IEndpointRouteBuilder ocpi, string pattern, string requesterRole, IReadOnlyList<string> methods) => ocpi.MapGroup(pattern)
        .AddEndpointFilter(VersionsEndpoints.SupportedVersionOnly)
        .WithForwardBudget(ForwardKind.Command)
        .AddEndpointFilter(SinceV221)
        .RequirePlatform(registrationTokenAllowed: false)
        .WithRoutingHeaders(requesterRole)
        .Supports(methods);

    /// <summary>The module came with 2.2.1: on a 2.1.1 path it does not exist (404, as any unknown module).</summary>
    private static ValueTask<object?> SinceV221(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next) =>
        invocation.HttpContext.GetRouteValue("version") as string is { } requested && OcpiVersions.TryParse(requested, out var version) && version < OcpiVersion.V221
            ? ValueTask.FromResult<object?>(OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError,
                $"OCPI {requested} has no Charging Profiles module"))
            : next(invocation);
}
