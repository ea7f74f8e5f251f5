using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OcpiHub.Simulator;

/// <summary>
/// Every other module path: recorded (so tests assert what the hub sent) and answered with an empty success,
/// or with what the test's <see cref="PartnerContext.ModuleResponder"/> scripts.
/// </summary>
internal static class ModuleEndpoints
{
    public static void MapModules(this IEndpointRouteBuilder routes) => routes.Map("/{**path}", Answer);

    private static IResult Answer(HttpContext http, PartnerContext partner)
    {
        var responder = partner.ModuleResponder;
        if (responder?.Invoke(RequestRecording.RecordOf(http)) is { } scripted)
            return new OcpiResult(scripted.HttpStatus, scripted.OcpiStatus, scripted.Data, scripted.Message);
        return OcpiResult.Success();
    }
}
