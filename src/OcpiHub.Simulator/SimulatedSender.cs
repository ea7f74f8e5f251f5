using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OcpiHub.Simulator;

/// <summary>
/// The objects a partner serves on one sender interface (Locations, Tariffs, Sessions, CDRs, Tokens), as JSON in
/// its version, and the faults a test asks of its pages. Served in last_updated order, oldest first.
/// </summary>
public sealed class SimulatedSender
{
    /// <summary>The modules whose sender interface lists objects page by page.</summary>
    public static readonly IReadOnlySet<string> Modules = new HashSet<string> { "locations", "tariffs", "sessions", "cdrs", "tokens" };

    private readonly Lock gate = new();
    private readonly Dictionary<string, Stored> objects = [];
    private readonly ConcurrentDictionary<int, bool> failOnceAt = new();
    private long sequence;

    internal SimulatedSender(string module) => Module = module;

    public string Module { get; }

    /// <summary>The spec requires <c>date_from</c> on a page of Sessions (every version); a page asked without one is refused.</summary>
    public bool NeedsDateFrom => Module == "sessions";

    /// <summary>Adds an object, or replaces the one with the same country code, party id and id (uid for Tokens).</summary>
    public void Put(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("an object is required", nameof(json));
        if (!DateTimeOffset.TryParse((string?)node["last_updated"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
            throw new ArgumentException("the object needs a last_updated", nameof(json));
        lock (gate)
            objects[KeyOf(node)] = new Stored(node, updated, sequence++);
    }

    /// <summary>Takes away the objects that match (an owner deleting them); how many went.</summary>
    public int Remove(Func<JsonObject, bool> match)
    {
        lock (gate)
            return objects.Where(o => match(o.Value.Json)).Select(o => o.Key).ToList().Count(objects.Remove);
    }

    public int Count
    {
        get
        {
            lock (gate)
                return objects.Count;
        }
    }

    /// <summary>A copy of the first object that matches, or null.</summary>
    public JsonObject? Find(Func<JsonObject, bool> match)
    {
        lock (gate)
            return objects.Values.Select(o => o.Json).FirstOrDefault(match)?.DeepClone().AsObject();
    }

    /// <summary>Copies of all its objects, oldest first.</summary>
    public IReadOnlyList<JsonObject> All()
    {
        lock (gate)
            return [.. objects.Values.OrderBy(o => o.Sequence).Select(o => o.Json.DeepClone().AsObject())];
    }

    /// <summary>The page starting at this offset answers HTTP 500 once, then as usual.</summary>
    public void FailOnceAt(int offset) => failOnceAt[offset] = true;

    /// <summary>Every page answers HTTP 500.</summary>
    public bool FailAlways { get; set; }

    /// <summary>Every page starting at or after this offset answers HTTP 500 (the pages before it as usual).</summary>
    public int FailFrom { get; set; } = int.MaxValue;

    /// <summary>Every page is answered never (until the caller gives up or the partner stops).</summary>
    public bool Hang { get; set; }

    /// <summary>Every page starting at or after this offset is answered never (the pages before it as usual).</summary>
    public int HangFrom { get; set; } = int.MaxValue;

    /// <summary>How pages name the next one (an absolute Link on every page but the last, as OCPI asks, unless set).</summary>
    public PageLinks Links { get; set; }

    /// <summary>What X-Total-Count says, given the page's offset and the true total (a partner that counts what is left, say).</summary>
    public Func<int, int, int>? ReportedTotal { get; set; }

    /// <summary>The objects at these positions of the list are sent stripped to their ids and last_updated, so invalid.</summary>
    public (int Offset, int Count) Invalid { get; set; }

    internal bool FailsOnce(int offset) => failOnceAt.TryRemove(offset, out _);

    /// <summary>The objects with <paramref name="from"/> &lt;= last_updated &lt; <paramref name="to"/>: the total, and those from offset on.</summary>
    internal (int Total, List<JsonObject> Page) Read(DateTimeOffset? from, DateTimeOffset? to, int offset, int limit)
    {
        List<Stored> matching;
        lock (gate)
            matching = [.. objects.Values.Where(o => (from is null || o.Updated >= from) && (to is null || o.Updated < to))];
        var page = matching.OrderBy(o => o.Updated).ThenBy(o => o.Sequence).Skip(offset).Take(limit)
            .Select((o, i) => offset + i >= Invalid.Offset && offset + i < Invalid.Offset + Invalid.Count ? Stripped(o.Json) : (JsonObject)o.Json.DeepClone())
            .ToList();
        return (matching.Count, page);
    }

    private static readonly string[] KeyFields = ["country_code", "party_id", "id", "uid"];

    private static string KeyOf(JsonObject node) => string.Join('/', KeyFields.Select(field => (string?)node[field]));

    private static JsonObject Stripped(JsonObject node) =>
        new(KeyFields.Append("last_updated").Where(node.ContainsKey).Select(field => KeyValuePair.Create(field, node[field]?.DeepClone())));

    private sealed record Stored(JsonObject Json, DateTimeOffset Updated, long Sequence);
}

/// <summary>The Links a simulated sender writes: what OCPI asks, and what partners have been seen to do.</summary>
public enum PageLinks
{
    /// <summary>An absolute URL of the next page, on every page but the last.</summary>
    Absolute,

    /// <summary>The next page's path and query alone, on every page but the last.</summary>
    Relative,

    /// <summary>No Link at all: the reader pages by offset, up to X-Total-Count.</summary>
    None,

    /// <summary>A Link to offset + limit on every page, the last and empty ones too: never the same twice.</summary>
    Always,

    /// <summary>Every page's Link names the page itself.</summary>
    Self,
}
