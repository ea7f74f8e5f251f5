using OcpiHub.Core.Data;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Data.Tariffs;

/// <summary>
/// The Locations whose connectors name Tariffs whose validity period started or ended (<see cref="TariffValidity"/>): a
/// 2.1.1 connector holds one <c>tariff_id</c>, the first of its <c>tariff_ids</c> a 2.1.1 reader is given at the time,
/// which may change then (<c>tariff_ids</c> [A, B], A ends: B). Those whose 2.1.1 form changed between the two instants
/// reach the 2.1.1 receivers that see them as the whole Location, translated when sent, as a PATCH of
/// <c>tariff_ids</c> does (<see cref="Locations.LocationsShape.PatchNeedsFullState"/>). To 2.1.1 readers they changed
/// when the check ran (<see cref="IDataStore.ChangedFor211Async"/>): its <c>last_updated</c> is what they are given, and
/// their <c>date_from</c> pulls find them by, also one made between the boundary and the check. Cost, only where a boundary passed:
/// a scan of the owner's Locations for each such Tariff, the bodies of those naming it read and translated twice, and
/// one transaction per <see cref="Batch"/> of those that changed.
/// </summary>
public sealed class LocationsNamingTariffs(IDataStore data, StoreLookup lookup, Receivers receivers, HubRouting routing)
{
    /// <summary>How many Locations one transaction queues the deliveries of.</summary>
    public const int Batch = 200;

    private static readonly DataShape Locations = DataShapes.For(DataModule.Locations);

    /// <summary>Queues the Locations naming <paramref name="tariffs"/> whose 2.1.1 form differs at <paramref name="now"/> from <paramref name="before"/>; how many deliveries.</summary>
    public async Task<int> ResendAsync(IReadOnlyList<StoredObject> tariffs, DateTimeOffset before, DateTimeOffset now, string correlationId,
        CancellationToken cancellationToken)
    {
        var naming = new HashSet<ObjectPosition>();
        // A tariff 2.1.1 readers never get is never a connector's tariff_id: its period changes no 2.1.1 form.
        foreach (var tariff in tariffs.Where(t => Protocol.V211.Translator.IsFor211(Tariff(t))))
            naming.UnionWith((await data.StampsHoldingAsync(DataModule.Locations, tariff.Owner, tariff.Id, cancellationToken)).Select(s => s.Position));
        // The tariffs the translations ask for, loaded once for the run.
        var known = new StoreLookup.KnownObjects();
        var queued = 0;
        foreach (var batch in naming.Chunk(Batch))
        {
            var changed = new List<ObjectAddress>();
            foreach (var location in await data.FindManyAsync(DataModule.Locations, batch, cancellationToken))
            {
                if (await TariffIdsFor211Async(location, before, known, cancellationToken) is var then
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

    private static Protocol.V230.Tariff Tariff(StoredObject stored) => (Protocol.V230.Tariff)Canonical.FromJson(stored.Body, typeof(Protocol.V230.Tariff));
}
