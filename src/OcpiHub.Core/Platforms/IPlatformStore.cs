namespace OcpiHub.Core.Platforms;

/// <summary>What an inbound token opens: the registration handshake only (token A), or everything.</summary>
public enum TokenKind
{
    Registration,
    Access,
}

/// <summary>Platforms, their parties and their credentials tokens (inbound hashed, outbound encrypted).</summary>
public interface IPlatformStore
{
    Task<Platform?> FindAsync(string id, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<Platform>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the platform and its parties.</summary>
    Task SaveAsync(Platform platform, CancellationToken cancellationToken = default) => SaveAsync(platform, TokenChanges.None, null, cancellationToken);

    /// <summary>
    /// Creates or replaces the platform and its parties and changes its tokens, in one transaction. For a new platform:
    /// a platform that is stored already is changed with <see cref="UpdateAsync(string, Func{Platform, Platform?}, TokenChanges, string?, CancellationToken)"/>,
    /// as a copy read earlier would undo what changed since. Every change of a platform records, in its transaction, what
    /// must follow it (<see cref="Agreements.CatchUps.AfterPlatformChange"/>), under <paramref name="correlationId"/>
    /// (a new one when null): a node's workers carry it out, whichever node it is and whenever it runs.
    /// </summary>
    Task SaveAsync(Platform platform, TokenChanges tokens, string? correlationId = null, CancellationToken cancellationToken = default);

    Task<(Platform Before, Platform After)?> UpdateAsync(string id, Func<Platform, Platform?> change, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, change, TokenChanges.None, null, cancellationToken);

    /// <summary>
    /// Changes the platform as stored now: <paramref name="change"/> gets it and returns it changed (null: nothing to
    /// change), written with <paramref name="tokens"/> in one transaction no other write of the platform comes into.
    /// So a change made while the caller waited for a partner (an operator's settings, the partner's credentials, the
    /// platform's removal) is kept, never undone by a copy read before it. The platform before and after, or null
    /// when there is no such platform (any more) or nothing changed. What follows the change is recorded with it, as
    /// <see cref="SaveAsync(Platform, TokenChanges, string?, CancellationToken)"/> says.
    /// </summary>
    Task<(Platform Before, Platform After)?> UpdateAsync(string id, Func<Platform, Platform?> change, TokenChanges tokens,
        string? correlationId = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the platform; its parties' counterparts are told as of an unregistered one (recorded with the removal).</summary>
    Task DeleteAsync(string id, string? correlationId = null, CancellationToken cancellationToken = default);

    /// <summary>The platform an inbound token (by its hash) belongs to, and what the token opens.</summary>
    Task<(Platform Platform, TokenKind Kind)?> AuthenticateAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>The token the hub sends to the platform, encrypted at rest.</summary>
    Task<string?> OutboundTokenAsync(string platformId, CancellationToken cancellationToken = default);

    /// <summary>The registered platform that carries <paramref name="party"/>, if any.</summary>
    Task<Platform?> FindByPartyAsync(PartyKey party, CancellationToken cancellationToken = default);

    /// <summary>Records when platforms were last seen (each platform's time only moves forward), in one write.</summary>
    Task TouchAsync(IReadOnlyDictionary<string, DateTimeOffset> seen, CancellationToken cancellationToken = default);

    Task TouchAsync(string platformId, DateTimeOffset seenAt, CancellationToken cancellationToken = default) =>
        TouchAsync(new Dictionary<string, DateTimeOffset> { [platformId] = seenAt }, cancellationToken);

    /// <summary>
    /// When each platform was last seen, as stored now: every node writes these in batches, and a platform read
    /// from a node's memory may carry an older time.
    /// </summary>
    Task<IReadOnlyDictionary<string, DateTimeOffset>> LastSeenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// When each party last came to stand otherwise for its counterparts (its platform's status changed, or which
    /// platform carries it), as the store recorded on saving and deleting platforms: the time, and the shared state
    /// version that change raised.
    /// </summary>
    Task<IReadOnlyDictionary<PartyKey, Agreements.DataStop>> StandingsChangedAsync(CancellationToken cancellationToken = default);
}
