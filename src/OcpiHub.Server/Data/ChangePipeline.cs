using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol.Json;
using OcpiHub.Server.Deliveries;

namespace OcpiHub.Server.Data;

/// <summary>What brought a change: an owner's push to the hub, or the hub's pull from the owner.</summary>
public enum ChangeSource
{
    Push,
    Pull,
}

/// <summary>
/// One change of one object, whatever brought it, already read, validated and translated: the object
/// <paramref name="Ids"/> address below <paramref name="Owner"/>, stored under <paramref name="Key"/>, its canonical
/// JSON, the method (<c>PUT</c>, <c>PATCH</c>, or <c>POST</c>, which creates only) and the routing decision that
/// says who receives it.
/// </summary>
public sealed record ObjectChange(
    DataShape Shape, PartyKey Owner, IReadOnlyList<string> Ids, string Key, JsonObject Canonical, string Method,
    RoutingDecision Decision, string CorrelationId, ChangeSource Source)
{
    public bool IsPatch => Method == "PATCH";
}

public enum ChangeOutcome
{
    /// <summary>Stored as a new object and queued for its receivers.</summary>
    Created,
    /// <summary>The stored object changed and the change is queued for its receivers.</summary>
    Updated,
    /// <summary>A pulled object equal to the stored copy or older than it: nothing stored, nothing delivered.</summary>
    Unchanged,
    /// <summary>A POST of an object that exists already: objects created by POST are never replaced.</summary>
    Exists,
    /// <summary>A PATCH of an object (or of its EVSE or connector) the hub does not hold: <c>Unknown</c> names it.</summary>
    Unknown,
}

public sealed record ChangeResult(ChangeOutcome Outcome, string? Unknown = null);

/// <summary>
/// The one path of every change to the hub's copy, pushed or pulled: under the object's lock, compare it with the
/// stored copy, apply it, find its receivers (routing, agreements, who may see it), and write the object, one
/// delivery per receiver and the log entry of what brought it in one transaction. A pulled whole object that is
/// equal to the stored copy, or older by <c>last_updated</c>, changes nothing: a push is the owner's word of now,
/// a pulled copy may be older than what was pushed since. The hub never alters <c>last_updated</c>.
/// </summary>
public sealed class ChangePipeline(Receivers receivers, IDataStore data, DeliveryNudge nudge, ObjectLocks locks, HubRouting routing, TimeProvider clock)
{
    /// <param name="logEntry">The log entry of the exchange that brought the change, given its outcome; written with it.</param>
    public async Task<ChangeResult> ApplyAsync(ObjectChange change, Func<ChangeOutcome, MessageEntry?> logEntry, CancellationToken cancellationToken)
    {
        var shape = change.Shape;
        using var objectLock = await locks.AcquireAsync(shape.Module, change.Owner, change.Key, cancellationToken);
        var stored = await data.FindAsync(shape.Module, change.Owner, change.Key, cancellationToken);
        if (change.Method == "POST" && stored is not null)
            return new(ChangeOutcome.Exists);
        if (change.Source == ChangeSource.Pull && stored is not null && !IsNewer(change.Canonical, stored))
            return new(ChangeOutcome.Unchanged);
        var merged = shape.Apply(stored is null ? null : JsonNode.Parse(stored.Body)!.AsObject(), change.Ids, change.IsPatch, change.Canonical);
        if (merged.Stored is null)
            return new(ChangeOutcome.Unknown, merged.Unknown);

        var tokenOwner = shape.TokenOwner(merged.Stored);
        var now = clock.GetUtcNow();
        var saved = new StoredObject(shape.Module, change.Owner, change.Key, LastUpdated(merged.Stored) ?? now, merged.Stored.ToJsonString(), tokenOwner,
            stored?.CreatedAt ?? now);
        var fullStatePath = shape.ObjectPath(change.Key);
        var audience = await shape.AudienceAsync(saved.Body, data, cancellationToken);
        var deliveries = await receivers.ForAsync(change.Decision, shape.Module, routing.Hub, tokenOwner, change.Method,
            shape.PathOf(change.Key, change.Ids), change.Canonical.ToJsonString(),
            (platform, party) => Receivers.HasReceiverEndpoint(platform, shape.Module) && audience.Includes(platform, party),
            cancellationToken,
            // A receiver whose version has no PATCH for the module (2.2.1+ Tariffs) gets the merged object.
            (platform, delivery) => change.IsPatch && platform.Version is { } receiverVersion && !shape.AcceptsPatch(receiverVersion)
                ? delivery with { Method = "PUT", Path = fullStatePath, Payload = saved.Body }
                : delivery);
        var outcome = merged.Created ? ChangeOutcome.Created : ChangeOutcome.Updated;
        // The object, its deliveries and the log entry of what brought it are written together: what is acknowledged is kept.
        await data.SaveAsync(saved, fullStatePath, deliveries, change.CorrelationId, shape.Module.Collapsible(), cancellationToken, logEntry(outcome));
        nudge.Signal();
        return new(outcome);
    }

    /// <summary>Whether a pulled whole object says something the stored copy does not: it differs and is not older.</summary>
    private static bool IsNewer(JsonObject pulled, StoredObject stored)
    {
        var storedBody = JsonNode.Parse(stored.Body)!;
        if (JsonNode.DeepEquals(pulled, storedBody))
            return false;
        return LastUpdated(pulled) is not { } updated || updated >= stored.LastUpdated;
    }

    private static DateTimeOffset? LastUpdated(JsonObject body) => OcpiDateTimeConverter.Parse(body["last_updated"]?.GetValue<string>() ?? "");
}
