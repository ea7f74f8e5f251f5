using Dapper;
using OcpiHub.Core.Nodes;
using OcpiHub.Storage;

namespace OcpiHub.Server.Hosting;

/// <summary>
/// <c>GET /health</c> for a load balancer in front of several nodes: 200 with the node's id while the node reaches its
/// database, 503 when it does not (a node without its database can take no request). No authentication, no secrets.
/// </summary>
public static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (HubDatabase database, HubNode node, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await connection.ExecuteScalarAsync<int>("SELECT 1");
                return Results.Ok(new { status = "ok", node = node.Id });
            }
            catch (System.Data.Common.DbException)
            {
                return Results.Json(new { status = "database unreachable", node = node.Id }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).ExcludeFromDescription();
}
