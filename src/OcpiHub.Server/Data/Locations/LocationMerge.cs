using System.Text.Json.Nodes;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Server.Data.Locations;

/// <summary>The stored Location after a change, whether the addressed object is new, or why it cannot be applied.</summary>
public sealed record MergeResult(JsonObject? Location, bool Created, string? Unknown);

/// <summary>
/// Applies a PUT or PATCH at any level to the stored canonical Location (as JSON, so unknown and carried fields
/// ride along). A PUT replaces the addressed object; a PATCH replaces the fields it carries. A change to an EVSE
/// or connector moves its parents' <c>last_updated</c> up to the child's, a value the owner set.
/// </summary>
public static class LocationMerge
{
    public static MergeResult Apply(JsonObject? location, LocationPath path, bool patch, JsonObject change)
    {
        if (path.Level == LocationLevel.Location)
        {
            if (!patch)
                return new(change, location is null, null);
            return location is null ? Missing($"location {path.LocationId}") : new(Merge(location, change), false, null);
        }
        if (location is null)
            return Missing($"location {path.LocationId}");

        var evses = Children(location, "evses");
        var evse = Find(evses, "uid", path.EvseUid!);
        if (path.Level == LocationLevel.Evse)
        {
            var created = Put(evses, evse, patch, change);
            if (created is null)
                return Missing($"EVSE {path.EvseUid} of location {path.LocationId}");
            BumpLastUpdated(location, change);
            return new(location, created.Value, null);
        }

        if (evse is null)
            return Missing($"EVSE {path.EvseUid} of location {path.LocationId}");
        var connectors = Children(evse, "connectors");
        var connectorCreated = Put(connectors, Find(connectors, "id", path.ConnectorId!), patch, change);
        if (connectorCreated is null)
            return Missing($"connector {path.ConnectorId} of EVSE {path.EvseUid}");
        BumpLastUpdated(evse, change);
        BumpLastUpdated(location, change);
        return new(location, connectorCreated.Value, null);
    }

    /// <summary>Replaces or adds (PUT) or merges into (PATCH) a child; null when a PATCH finds no child.</summary>
    private static bool? Put(JsonArray children, JsonObject? existing, bool patch, JsonObject change)
    {
        if (patch)
        {
            if (existing is null)
                return null;
            Merge(existing, change);
            return false;
        }
        if (existing is null)
        {
            children.Add(change);
            return true;
        }
        children[children.IndexOf(existing)] = change;
        return false;
    }

    private static JsonObject Merge(JsonObject target, JsonObject change)
    {
        foreach (var (field, value) in change.ToList())
            target[field] = value?.DeepClone();
        return target;
    }

    private static JsonArray Children(JsonObject parent, string field)
    {
        if (parent[field] is JsonArray children)
            return children;
        var created = new JsonArray();
        parent[field] = created;
        return created;
    }

    // Ids are CiStrings.
    private static JsonObject? Find(JsonArray children, string idField, string id) => children.OfType<JsonObject>()
        .FirstOrDefault(c => string.Equals(c[idField]?.GetValue<string>(), id, StringComparison.OrdinalIgnoreCase));

    private static void BumpLastUpdated(JsonObject parent, JsonObject change)
    {
        var parentTime = OcpiDateTimeConverter.Parse(parent["last_updated"]?.GetValue<string>() ?? "");
        var changeTime = OcpiDateTimeConverter.Parse(change["last_updated"]?.GetValue<string>() ?? "");
        if (changeTime is { } changed && (parentTime is null || changed > parentTime))
            parent["last_updated"] = OcpiDateTimeConverter.Format(changed);
    }

    private static MergeResult Missing(string what) => new(null, false, what);
}
