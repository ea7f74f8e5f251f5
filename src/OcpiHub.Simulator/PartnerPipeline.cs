using Microsoft.AspNetCore.Builder;
using OcpiHub.Protocol;

namespace OcpiHub.Simulator;

/// <summary>The partner's HTTP pipeline, in order: record, down (503) when unavailable, trace ids, routing, token check (per route group), endpoints.</summary>
internal static class PartnerPipeline
{
    public static void UsePartnerPipeline(this WebApplication app, PartnerContext partner)
    {
        var version = partner.Options.Version;
        app.UseRequestRecording(partner.Log);
        app.Use((http, next) =>
        {
            if (!partner.Unavailable)
                return next(http);
            http.Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        app.UseTraceHeaders();
        app.UseRouting();

        var registration = app.MapGroup("/ocpi").RequireToken(acceptsTokenA: true);
        registration.MapVersions(version);
        registration.MapCredentials(version);

        var modules = app.MapGroup($"/ocpi/{version.ToWire()}").RequireToken(acceptsTokenA: false);
        if (version >= OcpiVersion.V221)
            modules.MapHubClientInfo();
        modules.MapModules();

        app.MapFallback(() => OcpiResult.NotFound("no such OCPI endpoint"));
    }
}
