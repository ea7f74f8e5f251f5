using OcpiHub.Core.Data;

namespace OcpiHub.Server.Admin;

/// <summary>A delivery as operators see it.</summary>
public sealed record DeliveryView(long Id, string ReceiverPlatform, string Receiver, string Sender, string Module, string Owner,
    string Method, string Path, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt, string? LastError, string CorrelationId)
{
    public static DeliveryView Of(Delivery d) => new(d.Seq, d.ReceiverPlatformId, d.Receiver.ToString(), d.Sender.ToString(),
        d.Module.ToString().ToLowerInvariant(), d.Owner.ToString(), d.Method, d.Path,
        d.Status == DeliveryStatus.Pending && d.Attempts > 0 ? "FAILED" : d.Status.ToString().ToUpperInvariant(),
        d.Attempts, d.NextAttemptAt, d.CreatedAt, d.LastError, d.CorrelationId);
}

/// <summary>The delivery queue for operators: what waits, what keeps failing, what was given up; and re-driving one.</summary>
public static class DeliveriesEndpoints
{
    public static void MapDeliveries(this RouteGroupBuilder admin)
    {
        var deliveries = admin.MapGroup("/deliveries").WithTags("Deliveries");
        deliveries.MapGet("", async (string? status, int? limit, DeliveryQueue queue, CancellationToken cancellationToken) =>
            await queue.ListAsync(status ?? "pending", limit ?? 100, cancellationToken) is { } found
                ? AdminJson.Ok(found)
                : AdminJson.BadRequest("status must be pending, failed, dead or done"));
        deliveries.MapPost("/{id:long}/retry", async (long id, DeliveryQueue queue, CancellationToken cancellationToken) =>
            await queue.RedriveAsync(id, cancellationToken) switch
            {
                { Found: false } => AdminJson.Error(StatusCodes.Status404NotFound, $"no delivery {id} to retry"),
                { Superseded: { } reason } => AdminJson.Error(StatusCodes.Status409Conflict, $"delivery {id} is superseded: {reason}"),
                _ => AdminJson.Ok(new { id, status = "PENDING" }),
            });
    }
}
