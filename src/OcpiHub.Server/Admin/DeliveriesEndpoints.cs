using OcpiHub.Core.Data;
using OcpiHub.Server.Deliveries;

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
        deliveries.MapGet("", async (string? status, int? limit, IDataStore data, CancellationToken cancellationToken) =>
        {
            var (state, failedOnly) = (status ?? "pending").ToLowerInvariant() switch
            {
                "pending" => (DeliveryStatus.Pending, false),
                "failed" => (DeliveryStatus.Pending, true),
                "dead" => (DeliveryStatus.Dead, false),
                "done" => (DeliveryStatus.Done, false),
                _ => ((DeliveryStatus?)null, false),
            };
            if (state is null)
                return AdminJson.BadRequest("status must be pending, failed, dead or done");
            var found = await data.ListDeliveriesAsync(state.Value, failedOnly, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken);
            return AdminJson.Ok(found.Select(DeliveryView.Of).ToList());
        });
        deliveries.MapPost("/{id:long}/retry", async (long id, DeliveryRedrive redrive, CancellationToken cancellationToken) =>
            await redrive.RedriveAsync(id, cancellationToken) switch
            {
                { Found: false } => AdminJson.Error(StatusCodes.Status404NotFound, $"no delivery {id} to retry"),
                { Superseded: { } reason } => AdminJson.Error(StatusCodes.Status409Conflict, $"delivery {id} is superseded: {reason}"),
                _ => AdminJson.Ok(new { id, status = "PENDING" }),
            });
    }
}
