using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OcpiHub.Server.Admin;

/// <summary><c>/admin/deliveries</c>: the delivery queue for operators (what waits, what keeps failing, what was given up) and re-driving one.</summary>
public static class DeliveriesApi
{
    public static RouteGroupBuilder MapDeliveriesApi(this RouteGroupBuilder admin)
    {
        var deliveries = admin.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("", ListAsync).ProducesAdminProblems(StatusCodes.Status400BadRequest);
        deliveries.MapPost("/{id:long}/retry", RetryAsync).ProducesAdminProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeliveryView>>, AdminProblem>> ListAsync(string? status, string? limit,
        [FromQuery(Name = "receiver_platform")] string? receiverPlatform, DeliveryQueue queue, CancellationToken cancellationToken)
    {
        if (AdminQuery.Limit(limit, 100, DeliveryQueue.MaxLimit) is not { } wanted)
            return AdminQuery.BadLimit(DeliveryQueue.MaxLimit);
        return await queue.ListAsync(status ?? "pending", wanted, cancellationToken, receiverPlatform) is { } found
            ? TypedResults.Ok(found)
            : AdminProblem.BadRequest("status must be pending, failed, dead or done");
    }

    private static async Task<Results<Ok<RedrivenDelivery>, AdminProblem>> RetryAsync(long id, DeliveryQueue queue, CancellationToken cancellationToken) =>
        await queue.RedriveAsync(id, cancellationToken) switch
        {
            { Found: false } => AdminProblem.NotFound($"no delivery {id} to retry"),
            { Refused: { } reason } => AdminProblem.Conflict($"delivery {id} is not re-driven: {reason}"),
            _ => TypedResults.Ok(new RedrivenDelivery(id, "PENDING")),
        };
}
