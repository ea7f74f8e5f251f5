using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Common;
using OcpiHub.Server.Deliveries;
using OcpiHub.Server.Messages;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Data;

/// <summary>
/// One DELETE, for modules whose owners may delete (<see cref="DataShape.AcceptsDelete"/>): routed like a push,
/// then the object is removed from the hub's copy and a DELETE queued for each receiver that had it to receive,
/// in one transaction, holding the object's lock as a push does, so a change arriving at the same time is applied
/// wholly before or wholly after it.
/// </summary>
public sealed class DataDeletion(HubRouting routing, Receivers receivers, IDataStore data, DeliveryNudge nudge, ObjectLocks locks)
{
    public async Task<IResult> DeleteAsync(HttpContext context, DataShape shape, PartyKey owner, string id)
    {
        var version = context.RequestVersion();
        if (!shape.AcceptsDelete)
            return OcpiResults.Error(version, OcpiErrorKind.MethodNotAllowed, OcpiStatusCodes.ClientError, $"{shape.Module.Identifier()} cannot be deleted");
        var decision = await routing.DecideAsync(context, shape.Module, RequestKind.Push, owner);
        if (decision is RoutingDecision.Refuse refusal)
            return HubRouting.Refusal(version, refusal);

        var key = shape.ObjectKey(id, context.Request.Query, null);
        using var objectLock = await locks.AcquireAsync(shape.Module, owner, key, context.RequestAborted);
        if (await data.FindAsync(shape.Module, owner, key, context.RequestAborted) is not { } stored)
            return OcpiResults.Error(version, OcpiErrorKind.NoSuchResource, OcpiStatusCodes.ClientError, $"unknown {shape.Module.Identifier().TrimEnd('s')} {id}");

        // Exactly the receivers the object's PUT reached get its DELETE.
        var audience = await shape.AudienceAsync(stored.Body, data, context.RequestAborted);
        var deliveries = await receivers.ForAsync(decision, shape.Module, routing.Hub, stored.TokenOwner, HttpMethods.Delete, shape.ObjectPath(stored.Id), null,
            (platform, party) => Receivers.HasReceiverEndpoint(platform, shape.Module) && audience.Includes(platform, party),
            context.RequestAborted);
        await data.DeleteAsync(stored, deliveries, context.CorrelationId(), shape.Module.Collapsible(), context.RequestAborted,
            InboundMessageLog.SuccessEntry(context, StatusCodes.Status200OK));
        InboundMessageLog.MarkWritten(context);
        nudge.Signal();
        return OcpiResults.Ok(version, StatusCodes.Status200OK);
    }
}
