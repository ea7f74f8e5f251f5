using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Core.Sync;
using OcpiHub.Protocol;

namespace OcpiHub.Core.Tests.Sync;

/// <summary>
/// The platforms every sync case plans over, and the runs of their past.
/// <code>
/// cpo       2.2.1  NL*CPA CPO         SENDER locations, tariffs, sessions, cdrs; RECEIVER tokens
/// emsp      2.2.1  DE*EMB EMSP        SENDER tokens; RECEIVER locations, tariffs, sessions, cdrs
/// cpo-211   2.1.1  BE*CPD CPO         locations, tariffs, cdrs, tokens (no roles)
/// emsp-211  2.1.1  FR*EMC EMSP        locations, sessions, cdrs, tokens (no roles)
/// combo     2.2.1  SE*CCP CPO, SE*CEM EMSP   RECEIVER locations, tokens, cdrs; SENDER locations, sessions, tokens
/// odd       2.2.1  DE*ODD EMSP        SENDER locations (not its role's module), RECEIVER tokens
/// </code>
/// </summary>
public static class SyncWorld
{
    /// <summary>A Saturday 01:00 UTC, when the full schedule fires, and the Sunday after, a delta day.</summary>
    public static readonly DateTimeOffset Saturday = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Sunday = Saturday.AddDays(1);

    public static readonly Platform Cpo = Platform("cpo", OcpiVersion.V221, [("NL*CPA", "CPO")],
        Sender("locations"), Sender("tariffs"), Sender("sessions"), Sender("cdrs"), Receiver("tokens"));
    public static readonly Platform Emsp = Platform("emsp", OcpiVersion.V221, [("DE*EMB", "EMSP")],
        Sender("tokens"), Receiver("locations"), Receiver("tariffs"), Receiver("sessions"), Receiver("cdrs"));
    public static readonly Platform Cpo211 = Platform("cpo-211", OcpiVersion.V211, [("BE*CPD", "CPO")],
        Listed("locations"), Listed("tariffs"), Listed("cdrs"), Listed("tokens"));
    public static readonly Platform Emsp211 = Platform("emsp-211", OcpiVersion.V211, [("FR*EMC", "EMSP")],
        Listed("locations"), Listed("sessions"), Listed("cdrs"), Listed("tokens"));
    public static readonly Platform Combo = Platform("combo", OcpiVersion.V221, [("SE*CCP", "CPO"), ("SE*CEM", "EMSP")],
        Receiver("locations"), Receiver("tokens"), Receiver("cdrs"), Sender("locations"), Sender("sessions"), Sender("tokens"));
    public static readonly Platform Odd = Platform("odd", OcpiVersion.V221, [("DE*ODD", "EMSP")], Sender("locations"), Receiver("tokens"));

    public static IReadOnlyList<Platform> All { get; } = [Cpo, Emsp, Cpo211, Emsp211, Combo, Odd];

    public static Platform With(this Platform platform, PlatformStatus status) => platform with { Status = status };

    public static Platform With(this Platform platform, Func<PlatformSettings, PlatformSettings> change) =>
        platform with { Settings = change(platform.Settings) };

    /// <summary>A module's past: its last successful run (ended at <paramref name="succeededUpTo"/>) and whether a run is in progress.</summary>
    public static SyncHistory Past(Platform platform, DataModule module, DateTimeOffset? succeededUpTo = null, SyncStatus? inProgress = null) =>
        new(platform.Id, module,
            succeededUpTo is { } upTo ? Run(platform, module, SyncStatus.Succeeded, upTo) : null,
            inProgress is { } status ? Run(platform, module, status, Saturday.AddDays(-1)) : null);

    private static SyncRun Run(Platform platform, DataModule module, SyncStatus status, DateTimeOffset dateTo) => new()
    {
        Id = Guid.NewGuid().ToString(), PlatformId = platform.Id, Module = module, Kind = SyncKind.Full, Trigger = SyncTrigger.Schedule,
        Status = status, DateTo = dateTo, CorrelationId = "test",
    };

    private static PartnerEndpoint Sender(string module) => new(module, "SENDER", $"https://partner.test/{module}");
    private static PartnerEndpoint Receiver(string module) => new(module, "RECEIVER", $"https://partner.test/in/{module}");
    private static PartnerEndpoint Listed(string module) => new(module, null, $"https://partner.test/{module}");

    private static Platform Platform(string id, OcpiVersion version, (string Key, string Role)[] parties, params PartnerEndpoint[] endpoints)
    {
        var carried = parties.Select(p => new Party(Key(p.Key), p.Role)).ToList();
        return new()
        {
            Id = id, Name = id, Version = version, Status = PlatformStatus.Connected, Parties = carried,
            Endpoints = [new("credentials", version == OcpiVersion.V211 ? null : "SENDER", "https://partner.test/credentials"), .. endpoints],
            DeclaredParty = version == OcpiVersion.V211 ? carried[0] : null,
        };
    }

    private static PartyKey Key(string text) => PartyKey.TryParse(text, out var key) ? key : throw new ArgumentException(text);
}
