using OcpiHub.Core.Nodes;

namespace OcpiHub.Server.Hosting;

public static class HubNodeLogging
{
    /// <summary>
    /// A log scope naming the node (<c>NodeId</c>), so the lines of several nodes writing to one place can be told
    /// apart; it covers whatever runs in the caller's flow, the tasks it starts included.
    /// </summary>
    public static IDisposable? BeginNodeScope(this ILogger log, HubNode node) => log.BeginScope("node {NodeId}", node.Id);

    /// <summary>The node's scope around every request (Kestrel runs requests outside the flow that started the host).</summary>
    public static IApplicationBuilder UseNodeLogScope(this IApplicationBuilder app)
    {
        var node = app.ApplicationServices.GetRequiredService<HubNode>();
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("OcpiHub.Server");
        return app.Use(async (context, next) =>
        {
            using (log.BeginNodeScope(node))
                await next(context);
        });
    }
}
