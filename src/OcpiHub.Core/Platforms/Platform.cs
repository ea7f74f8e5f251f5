using OcpiHub.Protocol;

namespace OcpiHub.Core.Platforms;

/// <summary>Where a platform stands with the hub.</summary>
public enum PlatformStatus
{
    /// <summary>Known to the hub, no credentials exchanged yet (a token A is waiting to be used).</summary>
    Planned,
    /// <summary>Credentials exchanged and the platform answers.</summary>
    Connected,
    /// <summary>Credentials exchanged but the platform did not answer the last probe.</summary>
    Offline,
    /// <summary>Credentials deleted by either side; no traffic any more.</summary>
    Unregistered,
}

/// <summary>A module endpoint of a partner, from its version details.</summary>
public sealed record PartnerEndpoint(string Identifier, string? Role, string Url);

/// <summary>
/// One OCPI connection: its credentials relationship (tokens live in the store, never here), the version and
/// endpoints agreed, the parties it carries and its settings.
/// </summary>
public sealed record Platform
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public PlatformStatus Status { get; init; } = PlatformStatus.Planned;
    public OcpiVersion? Version { get; init; }
    public string? VersionsUrl { get; init; }
    public IReadOnlyList<PartnerEndpoint> Endpoints { get; init; } = [];
    public IReadOnlyList<Party> Parties { get; init; } = [];
    public PlatformSettings Settings { get; init; } = new();

    /// <summary>
    /// For a 2.1.1 partner, whose credentials carry no role: the party the operator declared, with the role. Once the
    /// partner's 2.1.1 credentials name a party, it is that party (in the declared role): the partner's word on who it is.
    /// </summary>
    public Party? DeclaredParty { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSeenAt { get; init; }

    /// <summary>The parties it stands for: those it carries, or, carrying none (not registered yet, or no more), the declared one.</summary>
    public IReadOnlyList<Party> PartiesOrDeclared => Parties.Count > 0 ? Parties : DeclaredParty is { } declared ? [declared] : [];

    /// <summary>
    /// The party whose role a 2.1.1 connection takes, as its credentials carry none: the declared one, else the one party
    /// it carries (a PUT moving it to 2.1.1 keeps it); null when none was declared and it carries none or several.
    /// </summary>
    public Party? V211Party => DeclaredParty ?? (Parties is [var only] ? only : null);

    public bool IsRegistered => Status is PlatformStatus.Connected or PlatformStatus.Offline;

    /// <summary>Whether the hub sends this platform deliveries: it is registered and has not chosen to pull instead.</summary>
    public bool TakesPushes => IsRegistered && Settings.Push;

    public PartnerEndpoint? Endpoint(string identifier, string? role = null) => Endpoints.FirstOrDefault(e =>
        e.Identifier == identifier && (role is null || e.Role is null || e.Role == role));
}
