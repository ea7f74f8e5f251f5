using Microsoft.AspNetCore.Http.HttpResults;
using OcpiHub.Core.Data;

namespace OcpiHub.Server.Admin;

/// <summary><c>GET /admin/objects</c>: what the hub's store holds, counted per owner and module (Locations with their EVSEs).</summary>
public static class ObjectsApi
{
    public static RouteGroupBuilder MapObjectsApi(this RouteGroupBuilder admin)
    {
        admin.MapGroup("/objects").WithTags("Objects").MapGet("", ListAsync);
        return admin;
    }

    private static async Task<Ok<List<ObjectCountView>>> ListAsync(IObjectCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.CountAsync(cancellationToken))
            .OrderBy(c => c.Owner.ToString(), StringComparer.Ordinal).ThenBy(c => c.Module)
            .Select(ObjectCountView.Of).ToList());
}
