using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// The Locations whose connectors name Tariffs that changed in a way that may change their 2.1.1 form: a 2.1.1
/// connector holds one <c>tariff_id</c>, the first of its <c>tariff_ids</c> a 2.1.1 reader is given at the time, which
/// changes as a Tariff's validity starts or ends (<see cref="TariffValidity"/>: <c>tariff_ids</c> [A, B], A ends: B) and
/// as its owner creates, changes or deletes one (A deleted: B; A given a type 2.1.1 readers never get: B). Those whose
/// 2.1.1 form changed reach the 2.1.1 receivers that see them as the whole Location, translated when sent, as a PATCH
/// of <c>tariff_ids</c> does (<see cref="Locations.LocationsShape.PatchNeedsFullState"/>). To 2.1.1 readers they changed
/// when the hub found that (<see cref="IDataStore.ChangedFor211Async"/>): its <c>last_updated</c> is what they are given, and
/// their <c>date_from</c> pulls find them by, also one made between the boundary and the check. An owner's change is
/// checked after its commit from a record written with it (<see cref="TariffRechecks"/>), the validity periods from
/// the job's mark: a node lost before the check leaves it to another, or to itself started again. Cost, only where a
/// boundary passed or an owner's change altered what the choice reads: one look-up in the index of the Tariffs Locations
/// name (<see cref="IDataStore.LocationsNamingTariffsAsync"/>) for each owner's such Tariffs, the bodies of the Locations
/// naming one read and translated twice, and one transaction per <see cref="Batch"/> of those that changed.
/// </summary>
public sealed class LocationsNamingTariffs(IDataStore data, StoreLookup lookup, Receivers receivers, HubRouting routing)
{
    /// <summary>How many Locations one transaction queues the deliveries of.</summary>
    public const int Batch = 200;

    private static readonly DataShape Locations = DataShapes.For(DataModule.Locations);

    /// <summary>
    /// Queues the Locations naming <paramref name="tariffs"/>, whose validity started or ended, whose 2.1.1 form differs
    /// at <paramref name="now"/> from <paramref name="before"/>; how many deliveries.
    /// </summary>
    public Task<int> ResendAsync(IReadOnlyList<StoredObject> tariffs, DateTimeOffset before, DateTimeOffset now, string correlationId,
        CancellationToken cancellationToken) =>
        // A tariff 2.1.1 readers never get is never chosen while held: its period changes no 2.1.1 form.
        ResendAsync([.. tariffs.Where(t => Protocol.V211.Translator.IsFor211(Tariff(t))).Select(t => (t.Owner, t.Id))],
            (before, null), now, correlationId, cancellationToken);

    /// <summary>
    /// Queues the Locations naming the Tariffs of owners' <paramref name="changes"/> (each's body before a change made at
    /// <paramref name="changedAt"/> and as stored now; null: none) whose 2.1.1 form differs at <paramref name="now"/> from
    /// what it was then with the Tariffs as before; how many deliveries.
    /// </summary>
    public Task<int> ResendAsync(IReadOnlyList<(PartyKey Owner, string Id, string? Before, string? Now)> changes, DateTimeOffset changedAt, DateTimeOffset now,
        string correlationId, CancellationToken cancellationToken)
    {
        var choosing = changes.Where(c => MayChangeChoice(c.Before, c.Now)).ToList();
        return ResendAsync([.. choosing.Select(c => (c.Owner, c.Id))],
            (changedAt, StoreLookup.KnownObjects.WithTariffs(choosing.Select(c => (c.Owner, c.Id, c.Before is null ? null : Tariff(c.Before))))),
            now, correlationId, cancellationToken);
    }

    /// <summary>
    /// Whether a Tariff changed from <paramref name="before"/> to <paramref name="after"/> (bodies; null: none held) in
    /// what a connector's 2.1.1 choice reads of it: only then may the Locations naming it have another 2.1.1 form.
    /// </summary>
    public static bool MayChangeChoice(string? before, string? after) => ChoiceFacts(before) != ChoiceFacts(after);

    /// <summary>What a connector's 2.1.1 choice reads of a tariff's body (<see cref="Protocol.V211.Translator.IsFor211At"/>); null: the hub holds none.</summary>
    private static (bool IsFor211, DateTimeOffset? Start, DateTimeOffset? End)? ChoiceFacts(string? body)
    {
        if (body is null)
            return null;
        var tariff = Tariff(body);
        return (Protocol.V211.Translator.IsFor211(tariff), tariff.StartDateTime, tariff.EndDateTime);
    }

    /// <summary>
    /// Queues the Locations naming <paramref name="tariffs"/> whose 2.1.1 form at <paramref name="now"/> differs from
    /// the one <paramref name="before"/> gives: at its instant, with the tariffs it knows as it knows them (null: as stored now).
    /// </summary>
    private async Task<int> ResendAsync(IReadOnlyList<(PartyKey Owner, string Id)> tariffs, (DateTimeOffset At, StoreLookup.KnownObjects? Known) before,
        DateTimeOffset now, string correlationId, CancellationToken cancellationToken)
    {
        var naming = new HashSet<ObjectPosition>();
        foreach (var owner in tariffs.GroupBy(t => t.Owner))
            naming.UnionWith((await data.LocationsNamingTariffsAsync(owner.Key, [.. owner.Select(t => t.Id)], cancellationToken)).Select(s => s.Position));
        // The tariffs the translations ask for, loaded once for the run.
        var known = new StoreLookup.KnownObjects();
        var queued = 0;
        foreach (var batch in naming.Chunk(Batch))
        {
            var changed = new List<ObjectAddress>();
            foreach (var location in await data.FindManyAsync(DataModule.Locations, batch, cancellationToken))
            {
                if (await TariffIdsFor211Async(location, before.At, before.Known ?? known, cancellationToken) is var then
                    && !then.SequenceEqual(await TariffIdsFor211Async(location, now, known, cancellationToken)))
                    changed.Add(new(DataModule.Locations, location.Owner, location.Id));
            }
            await data.ChangedFor211Async(changed, now, cancellationToken);
            await data.EnqueueHeldAsync(changed, async (location, finder) =>
            {
                // Those of 2.1.1 that see it get its whole state, as if they saw it only now; others' form did not change.
                var audience = await Locations.AudienceAsync(location.Body, now, finder, cancellationToken);
                var deliveries = await receivers.ForAudienceChangeAsync(location with { Body = Canonical.BodyFor211(location) }, routing.Hub,
                    new((version, party) => version != OcpiVersion.V211 && audience.Includes(version, party)), audience, cancellationToken);
                queued += deliveries.Count;
                return deliveries;
            }, correlationId, DataModule.Locations.Collapsible(), cancellationToken);
        }
        return queued;
    }

    /// <summary>The <c>tariff_id</c> of each connector of the Location's 2.1.1 form at <paramref name="at"/>, in order.</summary>
    private async Task<IReadOnlyList<string?>> TariffIdsFor211Async(StoredObject location, DateTimeOffset at, StoreLookup.KnownObjects known,
        CancellationToken cancellationToken)
    {
        var canonical = (Protocol.V230.Location)Canonical.FromJson(location.Body, typeof(Protocol.V230.Location));
        var owner = new PartyRef(location.Owner.CountryCode, location.Owner.PartyId);
        var (translated, _) = await lookup.TranslateNotingLookupsAsync(
            found => Protocol.V211.Translator.FromCanonical(canonical, new TranslationContext(owner, found) { Now = at }), at, cancellationToken, known);
        return [.. (translated.Evses ?? []).SelectMany(e => e.Connectors ?? []).Select(c => c.TariffId)];
    }

    private static Protocol.V230.Tariff Tariff(StoredObject stored) => Tariff(stored.Body);

    private static Protocol.V230.Tariff Tariff(string body) => (Protocol.V230.Tariff)Canonical.FromJson(body, typeof(Protocol.V230.Tariff));
}
