using Dapper;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;

namespace OcpiHub.Storage;

public sealed class ObjectCatalog(HubDatabase database) : IObjectCatalog
{
    public async Task<IReadOnlyList<ObjectCount>> CountAsync(CancellationToken cancellationToken = default)
    {
        // EVSEs live inside their Location's body: counted there, by the database's own JSON functions.
        var evses = database.Kind == DatabaseKind.Sqlite
            ? "COALESCE(json_array_length(body, '$.evses'), 0)"
            : "COALESCE(jsonb_array_length((body::jsonb) -> 'evses'), 0)";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Owner, string Module, long Objects, long Evses)>(new CommandDefinition(
            $"SELECT owner, module, COUNT(*), SUM(CASE WHEN module = 'Locations' THEN {evses} ELSE 0 END) FROM objects GROUP BY owner, module",
            cancellationToken: cancellationToken));
        var counts = new List<ObjectCount>();
        foreach (var row in rows)
        {
            if (PartyKey.TryParse(row.Owner, out var owner) && Enum.TryParse<DataModule>(row.Module, out var module))
                counts.Add(new ObjectCount(owner, module, (int)row.Objects, (int)row.Evses));
        }
        return counts;
    }
}
