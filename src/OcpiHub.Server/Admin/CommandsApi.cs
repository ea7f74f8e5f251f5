using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OcpiHub.Server.Admin;

/// <summary>
/// <c>GET /admin/commands?correlation_id=</c>: where the commands of one correlation id stand (forwarded, answered,
/// result relayed, timed out) with every exchange of that id in the message log, oldest first.
/// </summary>
public static class CommandsApi
{
    public static RouteGroupBuilder MapCommandsApi(this RouteGroupBuilder admin)
    {
        admin.MapGroup("/commands").WithTags("Commands").MapGet("", ListAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest);
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<CommandView>>, AdminProblem>> ListAsync([FromQuery(Name = "correlation_id")] string? correlationId,
        CommandStates states, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(correlationId)
            ? AdminProblem.BadRequest("correlation_id is required")
            : TypedResults.Ok(await states.OfAsync(correlationId, cancellationToken));
}
