using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Protocol.Validation;

/// <summary>
/// Lists the JSON paths of fields the models do not know (kept in extension data). They are accepted from every
/// version and relayed to 2.3.0 peers; listing them tells an operator what a partner sends beyond the version it
/// speaks. 2.1.1 and 2.2.1 peers get an object without them (<see cref="Without"/>).
/// </summary>
public static class UnknownFields
{
    public static IReadOnlyList<string> In(object model, bool includeCarried = false)
    {
        var paths = new List<string>();
        Collect(model, "$", includeCarried, paths);
        return paths;
    }

    /// <summary>
    /// <paramref name="model"/> as written in <paramref name="version"/> without the fields its models do not know, at
    /// every depth, and their paths; the model itself when it has none. The model is never changed: its parts may
    /// be shared with the canonical object other receivers get.
    /// </summary>
    public static (object Model, IReadOnlyList<string> Removed) Without(object model, OcpiVersion version)
    {
        var removed = In(model, includeCarried: true);
        if (removed.Count == 0)
            return (model, removed);
        var typeInfo = OcpiJson.TypeInfo(model.GetType(), version);
        var json = JsonSerializer.SerializeToNode(model, typeInfo)!;
        Remove(model, json);
        return (json.Deserialize(typeInfo)!, removed);
    }

    private static void Remove(object? value, JsonNode? node)
    {
        switch (value)
        {
            case null or string:
                return;
            case OcpiObject model when node is JsonObject json:
                var fields = ModelMetadata.FieldsOf(model.GetType());
                // An unknown field named like a set field of the model is not written (OcpiJson): that name is the model's.
                foreach (var key in model.Extensions?.Keys ?? Enumerable.Empty<string>())
                {
                    if (!fields.Any(f => f.JsonName == key && f.ValueOf(model) is not null))
                        json.Remove(key);
                }
                foreach (var field in fields)
                    Remove(field.ValueOf(model), json[field.JsonName]);
                return;
            case IEnumerable list when node is JsonArray array:
                var index = 0;
                foreach (var element in list)
                    Remove(element, index < array.Count ? array[index++] : null);
                return;
        }
    }

    private static void Collect(object? value, string path, bool includeCarried, List<string> paths)
    {
        switch (value)
        {
            case null or string:
                return;
            case OcpiObject model:
                foreach (var key in model.Extensions?.Keys ?? Enumerable.Empty<string>())
                {
                    if (includeCarried || !key.StartsWith(Translation.Carry.KeyPrefix, StringComparison.Ordinal))
                        paths.Add($"{path}.{key}");
                }
                foreach (var field in ModelMetadata.FieldsOf(model.GetType()))
                    Collect(field.ValueOf(model), $"{path}.{field.JsonName}", includeCarried, paths);
                return;
            case IEnumerable list:
                var index = 0;
                foreach (var element in list)
                    Collect(element, $"{path}[{index++}]", includeCarried, paths);
                return;
        }
    }
}
