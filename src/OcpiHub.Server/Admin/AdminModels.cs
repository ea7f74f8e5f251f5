using OcpiHub.Core.Agreements;
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
}

public sealed record CreateAgreementRequest(string? Cpo, string? Emsp);

public sealed record AgreementView(string Id, string Cpo, string Emsp, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AgreementView Of(Agreement a) => new(a.Id, a.Cpo.ToString(), a.Emsp.ToString(), a.Status.ToString().ToUpperInvariant(), a.CreatedAt, a.UpdatedAt);
}

/// <summary>An admin error: what was wrong, and for a failed handshake the OCPI status behind it.</summary>
public sealed record AdminError(string Error, int? OcpiStatusCode = null);
