using OcpiHub.Protocol;

namespace OcpiHub.Simulator;

/// <summary>A party the simulated platform carries. <paramref name="Role"/> is an OCPI role: "CPO", "EMSP", …</summary>
public sealed record SimulatedParty(string CountryCode, string PartyId, string Role, string Name);

/// <summary>A wrong answer to a credentials POST or PUT, to test a handshake that fails at its last step.</summary>
public enum CredentialsFault
{
    None,
    /// <summary>An OCPI error (3000) instead of its credentials.</summary>
    Error,
    /// <summary>A success whose data is no credentials object (no token, no url).</summary>
    InvalidBody,
    /// <summary>Its credentials with its first party listed twice.</summary>
    DuplicateParty,
}

/// <summary>What a simulated partner is: the version it speaks, the parties it carries, how it sends tokens.</summary>
public sealed record PartnerOptions
{
    /// <summary>The one version it speaks.</summary>
    public required OcpiVersion Version { get; init; }

    /// <summary>The parties it carries; a 2.1.1 connection carries exactly one.</summary>
    public required IReadOnlyList<SimulatedParty> Parties { get; init; }

    /// <summary>Whether tokens it sends are Base64-encoded (2.2.1+ rule) or raw (2.1.1 and many 2.2 peers). It accepts both unless <see cref="AcceptsBase64Tokens"/> says otherwise.</summary>
    public bool Base64Tokens { get; init; } = true;

    /// <summary>Whether a token it is sent may be Base64-encoded; false: it takes the header's value as the token, as many 2.2 peers do.</summary>
    public bool AcceptsBase64Tokens { get; init; } = true;

    /// <summary>Replaces the version numbers its versions endpoint lists (e.g. ["2.0"] to leave no mutual version).</summary>
    public IReadOnlyList<string>? OfferedVersions { get; init; }

    /// <summary>
    /// Replaces the module identifiers of its version details. Default: credentials, hubclientinfo (2.2.1+)
    /// and the data modules of its parties' roles (see <see cref="ModuleCatalog"/>).
    /// </summary>
    public IReadOnlyList<string>? Modules { get; init; }

    /// <summary>
    /// Path segments placed before each data module in the endpoint URLs it advertises (a partner whose URLs run
    /// deep); its module routes answer below them as anywhere.
    /// </summary>
    public string ModulePathPrefix { get; init; } = "";

    /// <summary>The most objects a page of its sender lists holds, whatever limit the caller asks.</summary>
    public int MaxPageSize { get; init; } = 100;

    /// <summary>The most requests it remembers (the oldest are forgotten); null: all (tests read them all).</summary>
    public int? RequestLogLimit { get; init; }

    /// <summary>The clock of its envelope timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (Parties.Count == 0)
            throw new ArgumentException("a partner carries at least one party", nameof(Parties));
        if (Version == OcpiVersion.V211 && Parties.Count != 1)
            throw new ArgumentException("a 2.1.1 partner carries exactly one party", nameof(Parties));
        if (MaxPageSize < 1)
            throw new ArgumentException("a page holds at least one object", nameof(MaxPageSize));
    }
}
