using System.Diagnostics;
using OcpiHub.Benchmarks;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Json;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Load;

/// <summary>
/// Fills the hub's store with realistic Locations of one CPO straight into the store, 1,000 to a
/// transaction, without deliveries: pushing 100k through HTTP would take most of the time budget. The Tariffs
/// their connectors name (<c>AC1</c>, <c>DC1</c>) are stored too, as a CPO's Locations name Tariffs it has. Of them,
/// <c>unpublished</c> spread evenly are unpublished, for a token no eMSP holds (<see cref="IsUnpublished"/>).
/// </summary>
public static class LocationSeeding
{
    /// <summary>Whether the Location of <paramref name="number"/> (0 on) among <paramref name="count"/> is one of the <paramref name="unpublished"/>.</summary>
    public static bool IsUnpublished(int number, int count, int unpublished) =>
        unpublished > 0 && number % (count / unpublished) == count / unpublished - 1;

    public static async Task<TimeSpan> SeedAsync(IDataStore store, PartyKey owner, int count, int unpublished = 0)
    {
        var clock = Stopwatch.StartNew();
        var firstStored = DateTimeOffset.UtcNow.AddDays(-1);
        await store.SaveAsync([Tariff(owner, "AC1", 0.35m, firstStored), Tariff(owner, "DC1", 0.59m, firstStored)]);
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            var objects = LocationPage.Create(Math.Min(batch, count - start), start).Select(location =>
            {
                location.CountryCode = owner.CountryCode;
                location.PartyId = owner.PartyId;
                var number = int.Parse(location.Id![3..], System.Globalization.CultureInfo.InvariantCulture);
                if (IsUnpublished(number, count, unpublished))
                    (location.Publish, location.PublishAllowedTo) = (false, [new PublishTokenType { Uid = "NO-EMSPS-TOKEN", Type = TokenType.Rfid }]);
                var created = firstStored.AddMilliseconds(number);
                return new StoredObject(DataModule.Locations, owner, location.Id!, location.LastUpdated!.Value,
                    OcpiJson.Serialize(location, OcpiVersion.V230), null, created);
            }).ToList();
            await store.SaveAsync(objects);
        }
        return clock.Elapsed;
    }

    /// <summary>
    /// Fills the store with <paramref name="count"/> tokens of <paramref name="owner"/>, 1,000 to a transaction, so that
    /// an unpublished Location's token is looked up among as many as a hub holds (none is the one it names).
    /// </summary>
    public static async Task<TimeSpan> SeedTokensAsync(IDataStore store, PartyKey owner, int count)
    {
        var clock = Stopwatch.StartNew();
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            await store.SaveAsync([.. Enumerable.Range(start, Math.Min(batch, count - start)).Select(number =>
            {
                var token = new Token
                {
                    CountryCode = owner.CountryCode, PartyId = owner.PartyId, Uid = $"{number:X12}", Type = TokenType.Rfid,
                    ContractId = $"{owner.CountryCode}-{owner.PartyId}-C{number:D8}", VisualNumber = $"V{number:D10}", Issuer = "Load eMSP",
                    GroupId = $"G{number / 10:D8}", Valid = true, Whitelist = WhitelistType.Allowed, LastUpdated = at,
                };
                return new StoredObject(DataModule.Tokens, owner, $"{token.Uid}?type=RFID", at, OcpiJson.Serialize(token, OcpiVersion.V230), null, at.AddMilliseconds(number));
            })]);
        }
        return clock.Elapsed;
    }

    private static StoredObject Tariff(PartyKey owner, string id, decimal pricePerKwh, DateTimeOffset at)
    {
        var tariff = new Tariff
        {
            CountryCode = owner.CountryCode, PartyId = owner.PartyId, Id = id, Currency = "EUR", TaxIncluded = TaxIncluded.Yes,
            Elements = [new() { PriceComponents = [new() { Type = TariffDimensionType.Energy, Price = pricePerKwh, StepSize = 1 }] }],
            LastUpdated = at,
        };
        return new StoredObject(DataModule.Tariffs, owner, id, at, OcpiJson.Serialize(tariff, OcpiVersion.V230), null, at);
    }
}
