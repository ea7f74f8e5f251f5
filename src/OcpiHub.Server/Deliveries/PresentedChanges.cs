using System.Collections.Concurrent;
using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Server.Deliveries;

/// <summary>
/// The changes of one claim as each receiver version and settings read them, translated once for all the receivers
/// that read them alike rather than once for each: a broadcast to 200 eMSPs read and translated the same change 200
/// times (docs/benchmarks.md). Kept for one claim's sends only, so a translation reads what it looks up (a Tariff, an
/// owner's name) as it stood when the claim's first delivery of the change was sent.
/// </summary>
public sealed class PresentedChanges
{
    private readonly ConcurrentDictionary<Change, Lazy<Task<(object Model, IReadOnlyList<TranslationLoss> Losses)>>> presented = new();

    /// <summary>What <paramref name="present"/> made of the change the first time a receiver that reads it alike asked.</summary>
    public Task<(object Model, IReadOnlyList<TranslationLoss> Losses)> GetAsync(OcpiVersion version, PlatformSettings settings, Delivery delivery,
        Func<Task<(object Model, IReadOnlyList<TranslationLoss> Losses)>> present) =>
        presented.GetOrAdd(new(version, settings, delivery.Module, delivery.Owner, delivery.Method, delivery.Path, delivery.Payload), _ => new(present)).Value;

    private sealed record Change(OcpiVersion Version, PlatformSettings Settings, DataModule Module, PartyKey Owner, string Method, string Path, string? Payload);
}
