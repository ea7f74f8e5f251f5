using System.Collections.Concurrent;
using System.Text.Json;
using OcpiHub.Simulator;

namespace OcpiHub.Load;

/// <summary>
/// Every push the hub acknowledged, against what its receivers got. An object is named by its path below the module
/// (<c>locations/NL/C01/C01-LOC01/C01-LOC01-1</c>, <c>sessions/NL/C01/S…</c>, <c>cdrs/CDR…</c>) and a change by its
/// <c>last_updated</c>, unique per partner (<see cref="SteadyClock"/>). The hub owes a receiver, per object, the
/// latest change it acknowledged; the receiver's last copy must be that change or a later one. A later one may come
/// from a push whose answer was lost with the hub, and a stale copy after a newer one (out of order) counts as missing.
/// </summary>
public sealed class DeliveryLedger
{
    private static readonly string[] Modules = ["locations", "sessions", "cdrs"];

    private readonly ConcurrentDictionary<(string Receiver, string Object), DateTimeOffset> owed = new();
    private readonly ConcurrentDictionary<(string Receiver, string Object), DateTimeOffset> held = new();
    private long requests;

    /// <summary>The requests the receivers got from the hub that carried a change of a watched module.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>The objects owed to receivers (a receiver and an object each).</summary>
    public int Owed => owed.Count;

    /// <summary>The owed objects whose receiver does not hold the owed change (or a later one).</summary>
    public int Missing => owed.Count(o => !held.TryGetValue(o.Key, out var copy) || copy < o.Value);

    /// <summary>A push the hub acknowledged (<paramref name="push"/>), owed to each of <paramref name="receivers"/>.</summary>
    public void Acknowledged(PostedResult push, IEnumerable<string> receivers)
    {
        var changes = ChangesIn(new Uri(push.Url).AbsolutePath, push.Body);
        foreach (var receiver in receivers)
        {
            foreach (var (name, at) in changes)
                owed.AddOrUpdate((receiver, name), at, (_, before) => at > before ? at : before);
        }
    }

    /// <summary>The module responder of a receiver: notes each change it gets, answers with the default success.</summary>
    public Func<RecordedRequest, SimulatedResponse?> Receiver(string receiver) => request =>
    {
        if (request.Method is "PUT" or "PATCH" or "POST" && ChangesIn(request.Path, request.Body) is { Count: > 0 } changes)
        {
            Interlocked.Increment(ref requests);
            foreach (var (name, at) in changes)
                held[(receiver, name)] = at;
        }
        return null;
    };

    /// <summary>
    /// The objects a request changes and the <c>last_updated</c> of each: the object at its path, a CDR by its id,
    /// and the EVSEs of a whole Location (the hub may send an object's full state instead of the PATCH).
    /// </summary>
    private static List<(string Name, DateTimeOffset At)> ChangesIn(string path, string body)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        var module = segments.FindLastIndex(s => Modules.Contains(s));
        if (module < 0 || body.Length == 0)
            return [];
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("last_updated", out var updated))
            return [];
        var ids = segments[(module + 1)..];
        var name = segments[module] == "cdrs"
            ? $"cdrs/{root.GetProperty("id").GetString()}"
            : string.Join('/', [segments[module], .. ids]);
        var changes = new List<(string, DateTimeOffset)> { (name, updated.GetDateTimeOffset()) };
        if (segments[module] == "locations" && ids.Count == 3 && root.TryGetProperty("evses", out var evses))
        {
            foreach (var evse in evses.EnumerateArray())
                changes.Add(($"{name}/{evse.GetProperty("uid").GetString()}", evse.GetProperty("last_updated").GetDateTimeOffset()));
        }
        return changes;
    }
}
