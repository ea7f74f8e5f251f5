using System.Text.Json.Nodes;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// Applies a PUT or PATCH at any level to the stored canonical Location (as JSON, so unknown and carried fields
/// ride along). A PUT replaces the addressed object; a PATCH replaces the fields it carries. A change to an EVSE
/// or connector moves its parents' <c>last_updated</c> up to the child's, a value the owner set.
/// </summary>
public static class LocationMerge
{
    /// <param name="ids">The location id, then optionally an EVSE uid and a connector id.</param>
    public static MergeResult Apply(JsonObject? location, IReadOnlyList<string> ids, bool patch, JsonObject change)
    {
        if (ids.Count == 1)
        {
            if (!patch)
                return new(change, location is null, null);
            if (location is null)
                return Missing($"location {ids[0]}");
            if (SetsTypeWithoutParkingType(change))
                location.Remove("parking_type");
            return new(DataShape.MergeFields(location, change), false, null);
        }
        if (location is null)
            return Missing($"location {ids[0]}");

        var evses = Children(location, "evses");
        var evse = Child(evses, "uid", ids[1]);
        if (ids.Count == 2)
        {
            var created = Put(evses, evse, patch, change);
            if (created is null)
                return Missing($"EVSE {ids[1]} of location {ids[0]}");
            BumpLastUpdated(location, change);
            return new(location, created.Value, null);
        }

        if (evse is null)
            return Missing($"EVSE {ids[1]} of location {ids[0]}");
        var connectors = Children(evse, "connectors");
        var connectorCreated = Put(connectors, Child(connectors, "id", ids[2]), patch, change);
        if (connectorCreated is null)
            return Missing($"connector {ids[2]} of EVSE {ids[1]}");
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
            DataShape.MergeFields(existing, change);
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

    /// <summary>
    /// A 2.1.1 PATCH of a type later versions have no parking type for (OTHER, UNKNOWN; carried as written): the
    /// stored <c>parking_type</c> no longer holds, and a later version's PATCH cannot remove a field.
    /// </summary>
    public static bool SetsTypeWithoutParkingType(JsonObject change) =>
        change[Carry.KeyOf(OcpiVersion.V211)]?["type"] is not null && !change.ContainsKey("parking_type");

    private static JsonArray Children(JsonObject parent, string field)
    {
        if (parent[field] is JsonArray children)
            return children;
        var created = new JsonArray();
        parent[field] = created;
        return created;
    }

    /// <summary>The child with the given id (ids are CiStrings), or null.</summary>
    public static JsonObject? Child(JsonNode? children, string idField, string id) => (children as JsonArray)?.OfType<JsonObject>()
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
