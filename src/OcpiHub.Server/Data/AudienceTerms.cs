using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Data;

/// <summary>
/// What a stored object's body tells of who may get it (<see cref="DataShape.TermsOf"/>): the audience itself, or, for
/// an unpublished Location, the <c>publish_allowed_to</c> entries whose tokens' owners may, looked up in the hub's
/// Tokens copy each time they are asked (tokens change while the object does not). Terms that hold while the stored
/// row is unchanged are kept with it (<see cref="WireForms"/>), so that a page reads no body for them.
/// </summary>
public sealed class AudienceTerms
{
    private readonly Func<IReadOnlySet<PartyKey>, Audience>? byOwners;

    private AudienceTerms(Audience? decided, IReadOnlyList<PublishTokenType> allowed, Func<IReadOnlySet<PartyKey>, Audience>? byOwners) =>
        (Decided, Allowed, this.byOwners) = (decided, allowed, byOwners);

    public static AudienceTerms Everyone { get; } = Of(Audience.Everyone);

    /// <summary>Terms that are <paramref name="audience"/>, whatever the hub's tokens.</summary>
    public static AudienceTerms Of(Audience audience) => new(audience, [], null);

    /// <summary>
    /// The audience <paramref name="byOwners"/> answers for the parties owning a token one of <paramref name="allowed"/>
    /// matches. It may include a reader only for owners that contain it, and so for more owners never fewer readers
    /// (<see cref="Excludes"/> relies on it).
    /// </summary>
    public static AudienceTerms ByTokens(IReadOnlyList<PublishTokenType> allowed, Func<IReadOnlySet<PartyKey>, Audience> byOwners) =>
        new(null, allowed, byOwners);

    /// <summary>The audience where the terms are it, whatever the hub's tokens; else null.</summary>
    public Audience? Decided { get; }

    /// <summary>The entries whose tokens are looked up (none for decided terms).</summary>
    public IReadOnlyList<PublishTokenType> Allowed { get; }

    /// <summary>Whether they hold as long as the stored row is unchanged (a decided audience may change with time: a Tariff's validity period).</summary>
    public bool Lasting => Decided?.Lasting ?? true;

    /// <summary>
    /// Whether they leave the reader out whatever the hub's tokens: even were it the owner of every token allowed
    /// (a 2.1.1 reader of an unpublished Location), so that no token is looked up for it.
    /// </summary>
    public bool Excludes(OcpiVersion version, PartyKey reader) =>
        !(Decided ?? byOwners!(new HashSet<PartyKey> { reader })).Includes(version, reader);

    /// <summary>The audiences of <paramref name="terms"/> (a page's rows): the tokens all of them allow looked up once, through <paramref name="data"/>.</summary>
    public static async Task<IReadOnlyList<Audience>> AudiencesAsync(IReadOnlyList<AudienceTerms> terms, IObjectFinder data, CancellationToken cancellationToken)
    {
        if (terms.All(t => t.Decided is not null))
            return [.. terms.Select(t => t.Decided!)];
        var tokens = await AllowedTokens.FindAsync(terms.SelectMany(t => t.Allowed), data, cancellationToken);
        return [.. terms.Select(t => t.Decided ?? t.byOwners!(tokens.OwnersFor(t.Allowed)))];
    }
}
