using System.Collections;

namespace OcpiHub.Protocol.Validation;

/// <summary>
/// Lists the JSON paths of fields the models do not know (kept in extension data). They are accepted and
/// relayed; listing them tells an operator what a partner sends beyond the version it speaks.
/// </summary>
public static class UnknownFields
{
    public static IReadOnlyList<string> In(object model, bool includeCarried = false)
    {
        var paths = new List<string>();
        Collect(model, "$", includeCarried, paths);
        return paths;
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
