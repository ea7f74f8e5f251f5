using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Server.Hosting;

namespace OcpiHub.Server.Ocpi;

/// <summary>The versions module: the versions the hub speaks (never 2.2) and, per version, its endpoints.</summary>
public static class VersionsEndpoints
{
    public static void MapVersions(this IEndpointRouteBuilder ocpi)
    {
        ocpi.MapGroup("/versions")
            .RequirePlatform(registrationTokenAllowed: true)
            .Supports(OcpiMethods.Get)
            .MapGet("", (HttpContext context, HubOptions hub) =>
                OcpiResults.Ok(OcpiVersions.All.Select(v => new VersionInfo { Number = new VersionNumber(v.ToWire()), Url = $"{hub.BaseUrl}/ocpi/{v.ToWire()}" }).ToList(),
                    OcpiVersion.V230));

        ocpi.MapGroup("/{version}")
            .AddEndpointFilter(SupportedVersionOnly)
            .RequirePlatform(registrationTokenAllowed: true)
            .Supports(OcpiMethods.Get)
            .MapGet("", (HttpContext context, HubOptions hub) =>
            {
                var version = context.RequestVersion();
                var caller = context.Caller();
                var partnerRole = (caller.Platform.DeclaredParty ?? caller.Platform.Parties.FirstOrDefault())?.Role;
                var endpoints = HubInterfaces.For(version, partnerRole, HubInterfaces.Served).Select(i => new Protocol.Common.Endpoint
                {
                    Identifier = new ModuleId(i.Module),
                    Role = version == OcpiVersion.V211 ? null : i.Role,
                    Url = $"{hub.BaseUrl}/ocpi/{version.ToWire()}/{HubInterfaces.PathOf(i, HubInterfaces.Served)}",
                }).ToList();
                return OcpiResults.Ok(new VersionDetails { Number = new VersionNumber(version.ToWire()), Endpoints = endpoints }, version);
            });

        // Anything else under a version: 2.2 and unknown versions get a clear 3002, unknown modules a 404.
        ocpi.Map("/{version}/{**rest}", (HttpContext context) => OcpiResults.Error(OcpiVersion.V230, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError,
                $"no such OCPI endpoint: {context.Request.Path}"))
            .AddEndpointFilter(SupportedVersionOnly);
    }

    /// <summary>Answers requests on an unsupported version path (2.2, 2.0, …) with 3002 before anything else.</summary>
    public static ValueTask<object?> SupportedVersionOnly(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var requested = invocation.HttpContext.GetRouteValue("version") as string;
        return OcpiVersions.TryParse(requested, out _)
            ? next(invocation)
            : ValueTask.FromResult<object?>(OcpiResults.Error(OcpiVersion.V230, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.UnsupportedVersion,
                $"OCPI {requested} is not supported; this hub speaks {string.Join(", ", OcpiVersions.All.Select(v => v.ToWire()))}"));
    }
}
