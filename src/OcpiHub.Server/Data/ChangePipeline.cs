using System.Text.Json.Nodes;
using OcpiHub.Core.Data;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.Validation;
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
/// JSON (none for a DELETE), the method (<c>PUT</c>, <c>PATCH</c>, <c>POST</c>, which creates only, or
/// <c>DELETE</c>) and the routing decision that says who receives it.
/// </summary>
public sealed record ObjectChange(
    DataShape Shape, PartyKey Owner, IReadOnlyList<string> Ids, string Key, CanonicalJson? Canonical, string Method,
    RoutingDecision Decision, string CorrelationId, ChangeSource Source)
{
    public bool IsPatch => Method == "PATCH";

    public bool IsDelete => Method == "DELETE";

    /// <summary>Whether the change is a whole object that replaces the stored one as it is (not a PATCH, not an EVSE or connector).</summary>
    public bool IsWholeObject => !IsPatch && !IsDelete && Ids.Count == 1;

    /// <summary>A change made only where the stored copy was last updated before this (a deletion the hub infers, not the owner's word).</summary>
    public DateTimeOffset? IfUpdatedBefore { get; init; }
}

public enum ChangeOutcome
{
    /// <summary>Stored as a new object and queued for its receivers.</summary>
    Created,
    /// <summary>The stored object changed and the change is queued for its receivers.</summary>
    Updated,
    /// <summary>The stored object is removed and its DELETE queued for the receivers its PUT reached: <c>Detail</c> is its id.</summary>
    Deleted,
    /// <summary>A pulled object equal to the stored copy or older than it: nothing stored, nothing delivered.</summary>
    Unchanged,
    /// <summary>A POST of an object that exists already: objects created by POST are never replaced.</summary>
    Exists,
    /// <summary>A PATCH or DELETE of an object (or of its EVSE or connector) the hub does not hold: <c>Detail</c> names it.</summary>
    Unknown,
    /// <summary>A PATCH, EVSE or connector that would leave its object invalid as a whole: <c>Detail</c> names what.</summary>
    Invalid,
}

public sealed record ChangeResult(ChangeOutcome Outcome, string? Detail = null)
{
    /// <summary>Whether the change was written (and queued for its receivers).</summary>
    public bool Changed => Outcome is ChangeOutcome.Created or ChangeOutcome.Updated or ChangeOutcome.Deleted;
}

/// <summary>
/// The one path of every change to the hub's copy, pushed or pulled: with the object held against every other
/// writer (in the store's transaction, so that it holds across hub nodes), compare the change with the stored copy,
/// apply it, find its receivers (routing, agreements, who may see it), and write the object, one delivery per
/// receiver and the log entry of what brought it, in that transaction; for a Tariff changed in what a 2.1.1
/// connector's choice of its <c>tariff_id</c> reads, also the record that the Locations naming it are to be checked,
/// which <see cref="Tariffs.TariffRechecks"/> does after the commit, on any node. A batch (a pulled page) is one transaction.
/// A pulled whole object that is equal to the stored copy, or older by <c>last_updated</c>, changes nothing: a push
/// is the owner's word of now, a pulled copy may be older than what was pushed since. The hub never alters
/// <c>last_updated</c>.
/// </summary>
public sealed class ChangePipeline(Receivers receivers, IDataStore data, DeliveryNudge nudge, HubRouting routing, Tokens.RevealedLocations revealed,
    Tariffs.TariffRechecks tariffRechecks, TimeProvider clock)
{
    /// <param name="logEntry">The log entry of the exchange that brought the change, given its outcome; written with it.</param>
    public async Task<ChangeResult> ApplyAsync(ObjectChange change, Func<ChangeOutcome, MessageEntry?> logEntry, CancellationToken cancellationToken) =>
        (await ApplyAsync([change], (_, outcome) => logEntry(outcome), cancellationToken))[0];

    /// <summary>Applies <paramref name="changes"/> in order in one transaction; their results in the same order.</summary>
    public async Task<IReadOnlyList<ChangeResult>> ApplyAsync(IReadOnlyList<ObjectChange> changes, Func<ObjectChange, ChangeOutcome, MessageEntry?> logEntry,
        CancellationToken cancellationToken)
    {
        var results = new ChangeResult[changes.Count];
        // The Locations a batch's tokens reveal, found and brought once for the whole batch.
        var tokens = changes.Any(c => c.Shape.Module == DataModule.Tokens) ? revealed.Start(routing.Hub) : null;
        // The tokens the batch's Locations may come to name, held before them: a token stored at the same time is then
        // either read by this batch or waits for it, and finds its Locations (RevealedLocations).
        var tokenNames = changes.Where(c => c.Ids.Count == 1 && c.Canonical is not null).SelectMany(c => c.Shape.TokensNamedBy(c.Canonical!)).Distinct().ToList();
        // Once a Tariff is written that the connectors naming it may now name another in 2.1.1 for, the key its check
        // is recorded by, so that this change's run after the commit does its own checks and waits for no other.
        string? recheckKey = null;
        await data.ChangeAsync(changes.Select(c => new ObjectAddress(c.Shape.Module, c.Owner, c.Key)).ToList(), async (i, stored, finder) =>
        {
            var change = changes[i];
            var (result, write) = await DecideAsync(change, stored, finder, outcome => logEntry(change, outcome), cancellationToken);
            results[i] = result;
            if (write is not null && change.Shape.Module == DataModule.Tariffs
                && Tariffs.LocationsNamingTariffs.MayChangeChoice(stored?.Body, write.Delete ? null : write.Object.Body))
            {
                // Recorded with the change, checked after its commit: a node lost in between leaves the check to another.
                write = write with { NamingRecheck = recheckKey ??= Guid.NewGuid().ToString("N") };
            }
            if (tokens is not null && write is not null && change.Shape.Module == DataModule.Tokens)
            {
                if (write.Delete)
                    tokens.Removed(write.Object);
                else
                    tokens.Stored(write.Object, stored);
            }
            return write;
        }, tokens is null ? null : finder => tokens.BringAsync(finder, cancellationToken), tokenNames, cancellationToken);
        // The check of the Locations naming the Tariffs, recorded with them, done before the answer (TariffRechecks.AfterChangeAsync
        // says why); a node lost before it leaves it to another. Not cancelled by the sender going away: the Tariff is stored.
        if (recheckKey is not null)
            await tariffRechecks.AfterChangeAsync(recheckKey);
        if (results.Any(r => r.Changed))
            nudge.Signal();
        return results;
    }

    /// <summary>What <paramref name="change"/> does to the <paramref name="stored"/> copy, and what is written for it.</summary>
    private async Task<(ChangeResult, ObjectWrite?)> DecideAsync(ObjectChange change, StoredObject? stored, IObjectFinder finder,
        Func<ChangeOutcome, MessageEntry?> logEntry, CancellationToken cancellationToken)
    {
        var shape = change.Shape;
        if (stored is not null && change.IfUpdatedBefore is { } updatedBefore && stored.LastUpdated >= updatedBefore)
            return (new(ChangeOutcome.Unchanged), null);
        var now = clock.GetUtcNow();
        if (change.IsDelete)
            return stored is null
                ? (new(ChangeOutcome.Unknown, $"{shape.Module.Identifier().TrimEnd('s')} {change.Ids[0]}"), null)
                : (new(ChangeOutcome.Deleted, stored.Id), await DeletionAsync(change, stored, now, finder, logEntry(ChangeOutcome.Deleted), cancellationToken));
        var canonical = change.Canonical ?? throw new ArgumentException($"a {change.Method} carries its object", nameof(change));
        // A CDR is never replaced, unless the hub could not tell whose it was when it came (a 2.1.1 auth_id of a token
        // it did not hold yet): sent again, now that the hub knows the token, it goes to its eMSP at last.
        if (change.Method == "POST" && stored is not null && !(stored.TokenOwner is null && shape.TokenOwner(() => canonical.Node) is not null))
            return (new(ChangeOutcome.Exists), null);
        if (change.Source == ChangeSource.Pull && stored is not null && !IsNewer(canonical, stored))
            return (new(ChangeOutcome.Unchanged), null);

        string body;
        // The merged object of a part's change, as merged, and the part as it was: what the readers of each version get
        // of the part now and got before is read from them.
        JsonObject? mergedObject = null;
        JsonNode? partBefore = null, evseBefore = null;
        DateTimeOffset? lastUpdated;
        PartyKey? tokenOwner;
        bool created;
        if (change.IsWholeObject)
        {
            // It replaces the stored copy as it is: the text written from its model is stored and delivered, and no node is made of it.
            (body, lastUpdated, tokenOwner, created) = (canonical.Text, canonical.LastUpdated, shape.TokenOwner(() => canonical.Node), stored is null);
        }
        else
        {
            var storedObject = stored is null ? null : JsonNode.Parse(stored.Body)!.AsObject();
            // An EVSE or connector as it was, copied before the merge changes it in place.
            (partBefore, evseBefore) = storedObject is null || change.Ids.Count == 1 ? (null, null)
                : (shape.Select(storedObject, change.Ids)?.DeepClone(), change.Ids.Count > 2 ? shape.Select(storedObject, change.Ids.Take(2).ToList())?.DeepClone() : null);
            var merged = shape.Apply(storedObject, change.Ids, change.IsPatch, canonical.Node);
            if (merged.Stored is null)
                return (new(ChangeOutcome.Unknown, merged.Unknown), null);
            (body, mergedObject) = (merged.Stored.ToJsonString(), merged.Stored);
            if (ProblemsMadeBy(shape, body, stored) is { Count: > 0 } problems)
                return (new(ChangeOutcome.Invalid, problems.ToStatusMessage()), null);
            (lastUpdated, tokenOwner, created) = (LastUpdated(merged.Stored), shape.TokenOwner(() => merged.Stored), merged.Created);
        }
        var saved = new StoredObject(shape.Module, change.Owner, change.Key, lastUpdated ?? now, body, tokenOwner, stored?.CreatedAt ?? now)
        {
            LastUpdatedFor211 = LastUpdatedFor211(shape, body, lastUpdated ?? now, stored, now),
        };
        var fullStatePath = shape.ObjectPath(change.Key);
        var audience = await shape.AudienceAsync(saved.Body, now, finder, cancellationToken);
        // Who the stored copy reached, where the change can alter it: a change to the object itself, not to an EVSE or
        // connector, whose Location decides.
        var before = stored is not null && change.Ids.Count == 1 ? await shape.AudienceAsync(stored.Body, now, finder, cancellationToken) : null;
        // What the readers of each version hold of the changed part (an EVSE, a connector) now and held before, and
        // whether they held the EVSE a connector is put into.
        var seesPartNow = Sees(shape, change.Ids.Count, mergedObject is null ? null : shape.Select(mergedObject, change.Ids));
        // A version leaves a part out for its connectors' standards alone: a PATCH naming neither (an EVSE's status, the
        // busiest change) leaves that as it was, and the part is not translated a second time to know.
        var sawPartBefore = change.IsPatch && !canonical.Node.ContainsKey("connectors") && !canonical.Node.ContainsKey("standard")
            ? seesPartNow
            : Sees(shape, change.Ids.Count, partBefore);
        var sawEvseBefore = change.Ids.Count > 2 ? Sees(shape, 2, evseBefore) : _ => true;
        var deliveries = await receivers.ForAsync(change.Decision, shape.Module, routing.Hub, tokenOwner, change.Method,
            shape.PathOf(change.Key, change.Ids), canonical.Text, Reached(shape, audience), cancellationToken,
            (platform, delivery) =>
            {
                if (change.IsWholeObject)
                    return delivery;
                var reachedBefore = before is null || before.Includes(platform, delivery.Receiver);
                var version = platform.Version ?? OcpiVersion.V230;
                var (seesNow, sawBefore) = (seesPartNow(version), sawPartBefore(version));
                // A part its version's Location left out and still leaves out changes nothing its readers hold.
                if (reachedBefore && !seesNow && !sawBefore)
                    return null;
                // The merged object instead of the part that changed: for a receiver whose version has no PATCH for the
                // module (2.2.1+ Tariffs), for one the stored copy did not reach (a Location just published), which has no
                // copy, for one whose version's Location leaves the part out now, which must no longer hold it, and for
                // one that does not hold what the change applies to (the part a PATCH changes, the EVSE a connector is put
                // into), since its version's Location left it out.
                var holdsTarget = change.IsPatch ? sawBefore : sawEvseBefore(version);
                return (change.IsPatch && !shape.AcceptsPatch(version)) || !reachedBefore || !seesNow || !holdsTarget
                    ? delivery with { Method = "PUT", Path = fullStatePath, Payload = saved.Body }
                    : delivery;
            });
        // Everyone then and now (every Token, Session and CDR, a published Location): nobody to withdraw it from.
        var narrows = before is not null && !(before == Audience.Everyone && audience == Audience.Everyone);
        if (narrows)
            deliveries = [.. deliveries, .. await NoLongerReachedAsync(change, stored!, before!, audience, cancellationToken)];
        var outcome = created ? ChangeOutcome.Created : ChangeOutcome.Updated;
        // The object, its deliveries and the log entry of what brought it are written together: what is acknowledged is kept.
        return (new(outcome), new ObjectWrite(saved, Delete: false, fullStatePath, deliveries, change.CorrelationId, shape.Module.Collapsible(), logEntry(outcome))
        {
            TokensNamed = TokensNamedNow(shape, stored, saved.Body),
            // Recorded for a counterpart data does not reach now (its agreement suspended, its platform gone): withdrawn when it flows again.
            StoppedReaching = narrows && await receivers.LostByCounterpartAsync(shape.Module, change.Owner, before!, audience, cancellationToken) ? stored : null,
        });
    }

    /// <summary>
    /// Whether a version's readers get <paramref name="part"/> (an EVSE or a connector, as many <paramref name="ids"/>
    /// deep; null: there is none; a whole object, always) at all: not when their version's Location leaves it out
    /// (<see cref="Translators.IsLeftOut"/>, an EVSE whose plugs it does not list), since alone it would be invalid.
    /// Worked out once per version, when first asked.
    /// </summary>
    private static Func<OcpiVersion, bool> Sees(DataShape shape, int ids, JsonNode? part)
    {
        // A whole object's readers get it whole (a Location's own PATCH, every Session PATCH): nothing to translate to know.
        if (ids == 1)
            return _ => true;
        var canonical = new Lazy<object?>(() => part is null ? null : Canonical.FromJson(part, shape.CanonicalModel(ids)));
        var known = new Dictionary<OcpiVersion, bool>();
        return version => version == OcpiVersion.V230 ? part is not null : known.TryGetValue(version, out var seen)
            ? seen
            : known[version] = canonical.Value is { } model && !Translators.IsLeftOut(Translators.FromCanonical(model, version, new TranslationContext()));
    }

    /// <summary>
    /// The <c>last_updated</c> 2.1.1 readers are given of the changed object where later than its owner's
    /// <paramref name="lastUpdated"/>: the module's (<see cref="DataShape.LastUpdatedFor211"/>), and never below what
    /// they could be given of the <paramref name="stored"/> copy. A change its owner dated before that (a late PATCH of
    /// a Location the hub dated anew as a tariff's choice changed) is dated when stored: a reader that pulled since
    /// finds it by <c>date_from</c>, and holds it as newer than what it has. A stored date still to come (a tariff's
    /// start) was never given.
    /// </summary>
    private static DateTimeOffset? LastUpdatedFor211(DataShape shape, string body, DateTimeOffset lastUpdated, StoredObject? stored, DateTimeOffset now)
    {
        var forReaders = shape.LastUpdatedFor211(body, lastUpdated);
        if (stored?.LastUpdatedFor211 is { } given && lastUpdated < given && given <= now && !(forReaders > now))
            return now;
        return forReaders;
    }

    /// <summary>The tokens <paramref name="body"/> names, where they are not those the <paramref name="stored"/> copy names; else null.</summary>
    private static IReadOnlyList<string>? TokensNamedNow(DataShape shape, StoredObject? stored, string? body)
    {
        var now = body is null ? [] : shape.TokensNamed(body);
        return now.SequenceEqual(stored is null ? [] : shape.TokensNamed(stored.Body)) ? null : now;
    }

    /// <summary>The removal of <paramref name="stored"/>: exactly the receivers its PUT reached get its DELETE.</summary>
    private async Task<ObjectWrite> DeletionAsync(ObjectChange change, StoredObject stored, DateTimeOffset now, IObjectFinder finder, MessageEntry? logEntry,
        CancellationToken cancellationToken)
    {
        var shape = change.Shape;
        var path = shape.ObjectPath(stored.Id);
        var audience = await shape.AudienceAsync(stored.Body, now, finder, cancellationToken);
        var deliveries = await receivers.ForAsync(change.Decision, shape.Module, routing.Hub, stored.TokenOwner, change.Method, path, null,
            Reached(shape, audience), cancellationToken);
        return new ObjectWrite(stored, Delete: true, path, deliveries, change.CorrelationId, shape.Module.Collapsible(), logEntry)
        {
            TokensNamed = TokensNamedNow(shape, stored, body: null),
        };
    }

    /// <summary>
    /// What receivers the stored copy reached and the changed object may not are told, since they hold it and would go
    /// on using it as it was: a Tariff (given a type a 2.1.1 receiver would misapply) is deleted at them; a Location,
    /// which has no DELETE, reaches them with the change that unpublishes it, which 2.2.1+ receivers honour (a 2.1.1
    /// one cannot be told: it has no <c>publish</c>).
    /// </summary>
    private Task<IReadOnlyList<NewDelivery>> NoLongerReachedAsync(ObjectChange change, StoredObject stored, Audience before, Audience now,
        CancellationToken cancellationToken)
    {
        var shape = change.Shape;
        var reachedBefore = Reached(shape, before);
        bool Withdrawn(Platform platform, PartyKey party) => reachedBefore(platform, party) && !now.Includes(platform, party);
        return shape.AcceptsDelete
            ? receivers.ForAsync(change.Decision, shape.Module, routing.Hub, stored.TokenOwner, "DELETE", shape.ObjectPath(stored.Id), null,
                Withdrawn, cancellationToken)
            : receivers.ForAsync(change.Decision, shape.Module, routing.Hub, stored.TokenOwner, change.Method, shape.PathOf(change.Key, change.Ids),
                change.Canonical!.Text, (platform, party) => platform.Version is not OcpiVersion.V211 && Withdrawn(platform, party), cancellationToken);
    }

    /// <summary>Receivers that have the module's receiver interface and may see the object.</summary>
    private static Func<Platform, PartyKey, bool> Reached(DataShape shape, Audience audience) =>
        (platform, party) => Receivers.HasReceiverEndpoint(platform, shape.Module) && audience.Includes(platform, party);

    /// <summary>Whether a pulled whole object says something the stored copy does not: it differs and is not older.</summary>
    private static bool IsNewer(CanonicalJson pulled, StoredObject stored)
    {
        // The hub writes both the same way: the same text is the same object, and most pulled copies are.
        if (pulled.Text == stored.Body || JsonNode.DeepEquals(pulled.Node, JsonNode.Parse(stored.Body)))
            return false;
        return pulled.LastUpdated is not { } updated || updated >= stored.LastUpdated;
    }

    /// <summary>
    /// What a part (a PATCH, an EVSE, a connector), valid by itself, breaks in its object as a whole: a rule between
    /// its fields (publish_allowed_to only while unpublished, a Session's EVSE once it is active, an EVSE's parking place
    /// among its Location's). Only problems the stored copy did not have: what a translation from an older version
    /// left in a copy is no fault of this change.
    /// </summary>
    private static IReadOnlyList<ValidationProblem> ProblemsMadeBy(DataShape shape, string merged, StoredObject? stored)
    {
        var problems = RulesOfWhole(shape, merged);
        if (problems.Count == 0 || stored is null)
            return problems;
        var before = RulesOfWhole(shape, stored.Body).ToHashSet();
        return [.. problems.Where(p => !before.Contains(p))];
    }

    private static IReadOnlyList<ValidationProblem> RulesOfWhole(DataShape shape, string body) =>
        OcpiValidator.RulesOfWhole(Canonical.FromJson(body, shape.CanonicalModel(1)), OcpiVersion.V230);

    private static DateTimeOffset? LastUpdated(JsonObject body) => OcpiDateTimeConverter.Parse(body["last_updated"]?.GetValue<string>() ?? "");
}
