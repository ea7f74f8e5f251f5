using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;

namespace OcpiHub.Simulator;

/// <summary>Version information (<c>/ocpi/versions</c>) and version details (<c>/ocpi/{version}</c>).</summary>
internal static class VersionsEndpoints
{
    public static void MapVersions(this IEndpointRouteBuilder routes, OcpiVersion version)
    {
        routes.MapGet("/versions", ListVersions);
        routes.MapGet($"/{version.ToWire()}", Details);
    }

    private static async Task<IResult> ListVersions(HttpContext http, PartnerContext partner)
    {
        if (partner.VersionsHeldUntil is { } release)
            await SenderEndpoints.WaitAsync(http, release);
        var offered = partner.Options.OfferedVersions ?? [partner.Options.Version.ToWire()];
        return OcpiResult.Success(offered
            .Select(number => new VersionInfo { Number = VersionNumber.From(number), Url = partner.VersionUrl(number) })
            .ToList());
    }

    private static IResult Details(PartnerContext partner)
    {
        if (partner.VersionDetailsData is { } scripted)
            return OcpiResult.Success(scripted.DeepClone());
        return OcpiResult.Success(new VersionDetails
        {
            Number = VersionNumber.From(partner.Options.Version.ToWire()),
            Endpoints = ModuleCatalog.Endpoints(partner.Options, partner.VersionUrl()),
        });
    }
}
