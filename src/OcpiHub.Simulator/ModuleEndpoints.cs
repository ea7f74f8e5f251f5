using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OcpiHub.Simulator;

/// <summary>
/// Every other module path: recorded (so tests assert what the hub sent) and answered with what the test's
/// <see cref="PartnerContext.ModuleResponder"/> scripts, else a command's or charging-profile request's answer (<see cref="CommandEndpoints"/>, a CPO), a sender
/// list's page (<see cref="SenderEndpoints"/>) or a real-time authorization (<see cref="AuthorizationEndpoint"/>), else an empty success.
/// </summary>
internal static class ModuleEndpoints
{
    public static void MapModules(this IEndpointRouteBuilder routes) => routes.Map("/{**path}", Answer);

    private static async Task<IResult> Answer(HttpContext http, PartnerContext partner)
    {
        // Awaited, not slept: a slow partner must not hold a thread of the process it shares with the hub under test.
        if (partner.ModuleResponseDelay > TimeSpan.Zero)
            await SenderEndpoints.WaitAsync(http, partner.ModuleResponseDelay);
        if (partner.ModulesHeldUntil is { } release)
            await SenderEndpoints.WaitAsync(http, release);
        var request = RequestRecording.RecordOf(http);
        switch (partner.ModuleResponder?.Invoke(request)) // asked once: a test's responder may count what it is asked
        {
            case { RedirectTo: { } location } redirect:
                http.Response.Headers.Location = location;
                return Results.StatusCode(redirect.HttpStatus);
            case { } scripted:
                return new OcpiResult(scripted.HttpStatus, scripted.OcpiStatus, scripted.Data, scripted.Message);
        }
        if (CommandEndpoints.CommandOf(partner, request.Method, request.Path) is not null)
            return CommandEndpoints.Answer(partner, request);
        if (CommandEndpoints.IsChargingProfileRequest(partner, request.Method, request.Path))
            return CommandEndpoints.AnswerChargingProfile(partner, request);
        if (HttpMethods.IsGet(http.Request.Method)
            && ModuleCatalog.SenderListAt(partner.Options, partner.VersionUrl(), http.Request.PathBase + http.Request.Path) is { } module)
            return await SenderEndpoints.PageAsync(http, partner, partner.Sender(module));
        if (HttpMethods.IsPost(http.Request.Method) && AuthorizationEndpoint.UidAt(partner, http.Request.PathBase + http.Request.Path) is { } uid)
            return await AuthorizationEndpoint.AnswerAsync(http, partner, uid);
        return OcpiResult.Success();
    }
}
