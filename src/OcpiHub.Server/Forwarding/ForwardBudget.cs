using OcpiHub.Protocol.Common;
using OcpiHub.Server.Ocpi;

namespace OcpiHub.Server.Forwarding;

/// <summary>
/// The time budget of a request the hub forwards in real time (<see cref="ForwardKind"/>: an authorization, a command or
/// charging-profile request) as one cancellation of its whole handling from its arrival: for the routes it is put on, the
/// request's <see cref="HttpContext.RequestAborted"/> is also cancelled once the budget has run out since the request
/// arrived. The hub's own work before the call (authentication, routing, a storage read, a wait for a database
/// connection) is then cut short as the call itself is (<see cref="Forwarder"/>), and the sender is answered as for any
/// expired budget: 4002. Reading the sender's body is not (<see cref="OcpiBody"/>). A write is cancelled only before it starts (the stores take the token only while
/// waiting for a connection or a turn to write), so none is left half done; what must follow the receiver's answer
/// is written without this cancellation (<see cref="Commands.RelayedForwarding"/>).
/// </summary>
public static class ForwardBudget
{
    /// <summary>Goes after the version check (the answer is in the request's version) and before authentication, which it covers.</summary>
    public static RouteGroupBuilder WithForwardBudget(this RouteGroupBuilder group, ForwardKind kind) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var budget = context.RequestServices.GetRequiredService<Forwarder>().Budget(kind);
            var spent = context.Ocpi().Started is { Timestamp: var arrived } ? clock.GetElapsedTime(arrived) : TimeSpan.Zero;
            var connection = context.RequestAborted;
            using var expiry = new CancellationTokenSource(spent < budget ? budget - spent : TimeSpan.Zero, clock);
            using var handling = CancellationTokenSource.CreateLinkedTokenSource(connection, expiry.Token);
            context.RequestAborted = handling.Token;
            context.Ocpi().ConnectionAborted = connection;
            try
            {
                return await next(invocation);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested && !connection.IsCancellationRequested)
            {
                return OcpiResults.Refused(context.RequestVersion(), OcpiStatusCodes.ForwardTimeout,
                    $"no answer within {budget.TotalSeconds:0.###} s of the request");
            }
            finally
            {
                // The answer is written, and the request logged, under the connection's own cancellation.
                context.RequestAborted = connection;
                context.Ocpi().ConnectionAborted = null;
            }
        });
}
