using System.Text.Json.Nodes;

namespace OcpiHub.Server.Tests.Hostile;

/// <summary>
/// Random damage to a JSON object, reproducible from its <see cref="Random"/>: fields removed, values of the wrong type,
/// huge, empty, negative or absurd values, and text cut off. Each mutant takes one to three of them. No unknown fields:
/// the hub keeps and passes on fields it does not know, by design (docs/architecture.md, "Validation").
/// </summary>
public sealed class JsonMutator(Random random)
{
    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        _ => JsonValue.Create(""),
        r => JsonValue.Create(new string('x', r.Next(256, 5000))),
        r => JsonValue.Create(r.Next(2) == 0 ? -1e30 : 1e30),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create("NOT_AN_ENUM_VALUE"),
        _ => JsonValue.Create("2026-13-45T25:61:00Z"),
        _ => JsonValue.Create("../../admin"),
        _ => new JsonArray(),
        _ => new JsonObject(),
        _ => JsonValue.Create("\u0000\u202e\ud7ff"),
    ];

    /// <summary>A mutant of <paramref name="seed"/> as text (sometimes not JSON at all).</summary>
    public string Mutate(string seed)
    {
        var root = JsonNode.Parse(seed)!;
        for (var i = random.Next(1, 4); i > 0; i--)
            MutateOnce(root);
        var text = root.ToJsonString();
        return random.Next(10) == 0 ? text[..random.Next(text.Length)] : text;
    }

    private void MutateOnce(JsonNode root)
    {
        var nodes = Descendants(root).ToList();
        var target = nodes[random.Next(nodes.Count)];
        switch (target.Parent)
        {
            case JsonObject parent when random.Next(4) == 0:
                parent.Remove(target.GetPropertyName());
                break;
            case JsonObject parent:
                parent[target.GetPropertyName()] = Replacements[random.Next(Replacements.Length)](random);
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = Replacements[random.Next(Replacements.Length)](random);
                break;
            default: // the root: one of its fields goes
                if (root is JsonObject { Count: > 0 } rootObject)
                    rootObject.Remove(rootObject.ElementAt(random.Next(rootObject.Count)).Key);
                break;
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().ToList())
            foreach (var inner in Descendants(child))
                yield return inner;
    }
}
