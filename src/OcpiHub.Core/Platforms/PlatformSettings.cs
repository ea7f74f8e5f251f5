namespace OcpiHub.Core.Platforms;

/// <summary>How the hub treats one platform (product spec, section 8). Stored now, used by the data flows.</summary>
public sealed record PlatformSettings
{
    /// <summary>Send <c>Authorization: Token base64(token)</c> (2.2.1+ wording) rather than the raw token.</summary>
    public bool OutboundTokenBase64 { get; init; } = true;

    /// <summary>Page size the hub asks for when it pulls from this platform.</summary>
    public int PullLimit { get; init; } = 1000;

    /// <summary>Send <c>X-Total-Count</c> on pages served to this platform (opt-in).</summary>
    public bool TotalCountHeader { get; init; }

    /// <summary>2.1.1 receivers: put the owner's (not the hub's) country code and party id in push URLs.</summary>
    public bool V211OwnerIdentityInUrls { get; init; } = true;

    /// <summary>2.1.1 receivers: replace <c>operator.name</c> / Token <c>issuer</c> with the owner's name.</summary>
    public bool V211RewriteOwnerNames { get; init; }

    /// <summary>Whether the hub pushes to this platform (otherwise the platform pulls).</summary>
    public bool Push { get; init; } = true;

    /// <summary>Whether the sync schedule pulls the modules this platform owns (full and delta runs).</summary>
    public bool Pull { get; init; } = true;

    /// <summary>Requests a second this platform may make on the OCPI API; null: the hub's <c>Hub:RateLimit:PermitsPerSecond</c>.</summary>
    public double? RateLimitPerSecond { get; init; }

    /// <summary>Requests this platform may make at once; null: the hub's <c>Hub:RateLimit:Burst</c>.</summary>
    public int? RateLimitBurst { get; init; }
}
