using OcpiHub.Core.Agreements;
using OcpiHub.Core.Messages;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;

namespace OcpiHub.Server.Admin;

// The admin API's shapes (snake_case on the wire). Operators' scripts rely on them: change with care.

public sealed record RegisterPlatformRequest(string? Name, string? Role, string? CountryCode, string? PartyId);

public sealed record RegisterPlatformResponse(string Id, string TokenA, string VersionsUrl);

public sealed record ConnectPlatformRequest(string? Name, string? VersionsUrl, string? TokenA, string? Role, string? CountryCode, string? PartyId);

public sealed record PartyView(string CountryCode, string PartyId, string Role);

public sealed record PlatformView(string Id, string Name, string Status, string? Version, string? VersionsUrl,
    IReadOnlyList<PartyView> Parties, PlatformSettings Settings, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt)
{
    public static PlatformView Of(Platform p) => new(p.Id, p.Name, p.Status.ToString().ToUpperInvariant(), p.Version?.ToWire(),
        p.VersionsUrl, (p.Parties.Count > 0 ? p.Parties : p.DeclaredParty is { } d ? [d] : []).Select(x => new PartyView(x.Key.CountryCode, x.Key.PartyId, x.Role)).ToList(),
        p.Settings, p.CreatedAt, p.LastSeenAt);

    /// <summary>With the last-seen time as stored (<paramref name="lastSeen"/>), which a platform read from memory may lack.</summary>
    public static PlatformView Of(Platform p, IReadOnlyDictionary<string, DateTimeOffset> lastSeen) =>
        Of(lastSeen.TryGetValue(p.Id, out var seen) ? p with { LastSeenAt = seen } : p);
}

public sealed record CreateAgreementRequest(string? Cpo, string? Emsp);

public sealed record AgreementView(string Id, string Cpo, string Emsp, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AgreementView Of(Agreement a) => new(a.Id, a.Cpo.ToString(), a.Emsp.ToString(), a.Status.ToString().ToUpperInvariant(), a.CreatedAt, a.UpdatedAt);
}

/// <summary>A message log entry; <c>from</c> and <c>to</c> are the parties (<c>CC*PID</c>), <c>http_status</c> 0 when no answer came.</summary>
public sealed record MessageView(DateTimeOffset Time, string Direction, string? PlatformId, string? From, string? To, string? Module,
    string Method, string Path, int? OcpiStatus, int HttpStatus, int LatencyMs, string RequestId, string CorrelationId, IReadOnlyList<string>? TranslationLosses)
{
    public static MessageView Of(MessageEntry m) => new(m.Time, m.Direction.ToString().ToUpperInvariant(), m.PlatformId, m.From, m.To, m.Module,
        m.Method, m.Path, m.OcpiStatus, m.HttpStatus, m.LatencyMs, m.RequestId, m.CorrelationId, m.TranslationLosses);
}

/// <summary>An admin error: what was wrong, and for a failed handshake the OCPI status behind it.</summary>
public sealed record AdminError(string Error, int? OcpiStatusCode = null);
