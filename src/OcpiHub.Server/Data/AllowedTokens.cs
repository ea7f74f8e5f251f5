using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Data;

/// <summary>
/// The tokens of the hub's Tokens copy that some <c>publish_allowed_to</c> entries name (those of a page's unpublished
/// Locations), found for all of them in one look-up by the field each entry identifies tokens by
/// (<see cref="Visibility.IdentifyingField"/>), and whose tokens an entry matches (<see cref="Visibility.Matches"/>).
/// </summary>
internal sealed class AllowedTokens
{
    private readonly ILookup<string, (PartyKey Owner, Token Token)> byName;

    private AllowedTokens(IEnumerable<(PartyKey Owner, Token Token)> tokens) =>
        byName = tokens.SelectMany(t => Visibility.NamesOf(t.Token).Select(name => (Name: name, Token: t))).ToLookup(n => n.Name, n => n.Token);

    /// <summary>The tokens <paramref name="allowed"/> name, read through <paramref name="data"/> (no query when they name none).</summary>
    public static async Task<AllowedTokens> FindAsync(IEnumerable<PublishTokenType> allowed, IObjectFinder data, CancellationToken cancellationToken)
    {
        var wanted = allowed.Select(Visibility.IdentifyingField).OfType<(string Field, string Value)>().Distinct().ToList();
        var found = wanted.Count == 0 ? [] : await data.FindByFieldsAsync(DataModule.Tokens, wanted, cancellationToken);
        return new(found.Select(token => (token.Owner, (Token)Canonical.FromJson(token.Body, typeof(Token)))));
    }

    /// <summary>
    /// The parties owning a token one of <paramref name="allowed"/> matches (of those it was found for). Entries name
    /// tokens (drivers), never parties: a token the hub does not hold makes nobody a reader.
    /// </summary>
    public IReadOnlySet<PartyKey> OwnersFor(IEnumerable<PublishTokenType> allowed)
    {
        var owners = new HashSet<PartyKey>();
        foreach (var entry in allowed)
        {
            if (Visibility.NameOf(entry) is not { } name)
                continue;
            foreach (var (owner, token) in byName[name])
            {
                if (Visibility.Matches(entry, token))
                    owners.Add(owner);
            }
        }
        return owners;
    }
}
