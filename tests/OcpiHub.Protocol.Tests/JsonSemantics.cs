using System.Text.Json;
using System.Text.Json.Nodes;
using OcpiHub.Protocol.Json;

namespace OcpiHub.Protocol.Tests;

/// <summary>
/// JSON equality as OCPI means it: a null member equals an absent one, numbers compare by value (0.60 = 0.6),
/// DateTimes compare as instants ("…09" = "…09Z" = "…09+00:00"), member order does not matter.
/// </summary>
public static class JsonSemantics
{
    /// <summary>The path of the first difference, or null when the two are equal.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (IsNull(expected) || IsNull(actual))
            return IsNull(expected) && IsNull(actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (FirstDifference(e[key], a[key], $"{path}.{key}") is { } difference)
                        return difference;
                }
                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    return $"{path}: expected {e.Count} elements, got {a.Count}";
                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } difference)
                        return difference;
                }
                return null;
            case (JsonValue e, JsonValue a) when ValuesEqual(e, a):
                return null;
            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    public static void AssertEqual(string expectedJson, string actualJson)
    {
        var difference = FirstDifference(JsonNode.Parse(expectedJson), JsonNode.Parse(actualJson));
        Assert.True(difference is null, $"{difference}\nexpected: {expectedJson}\nactual:   {actualJson}");
    }

    private static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    private static bool ValuesEqual(JsonValue expected, JsonValue actual) => (expected.GetValueKind(), actual.GetValueKind()) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => expected.GetValue<decimal>() == actual.GetValue<decimal>(),
        (JsonValueKind.String, JsonValueKind.String) => expected.GetValue<string>() == actual.GetValue<string>()
            || (OcpiDateTimeConverter.Parse(expected.GetValue<string>()) is { } e
                && OcpiDateTimeConverter.Parse(actual.GetValue<string>()) is { } a && e == a),
        var (e, a) => e == a && e is JsonValueKind.True or JsonValueKind.False,
    };

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "nothing";
}
