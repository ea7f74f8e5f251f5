using OcpiHub.Core.Data;
using OcpiHub.Core.Platforms;
using OcpiHub.Core.Routing;
using OcpiHub.Protocol;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Server.Data.Locations;

/// <summary>
/// The tokens of the hub's Tokens copy that the <c>publish_allowed_to</c> entries of some unpublished Locations name,
/// found for all of them (a page's) in one look-up by the field each entry identifies tokens by
/// (<see cref="Visibility.IdentifyingField"/>), and whose tokens each entry matches (<see cref="Visibility.Matches"/>).
/// </summary>
internal sealed class AllowedTokens
{
    private readonly ILookup<string, (PartyKey Owner, Token Token)> byName;

    private AllowedTokens(IEnumerable<(PartyKey Owner, Token Token)> tokens) =>
        byName = tokens.SelectMany(t => Visibility.NamesOf(t.Token).Select(name => (Name: name, Token: t))).ToLookup(n => n.Name, n => n.Token);

    public static async Task<AllowedTokens> FindAsync(IEnumerable<Location> locations, IObjectFinder data, CancellationToken cancellationToken)
    {
        var wanted = locations.SelectMany(location => location.PublishAllowedTo ?? []).Select(Visibility.IdentifyingField)
            .OfType<(string Field, string Value)>().Distinct().ToList();
        var found = wanted.Count == 0 ? [] : await data.FindByFieldsAsync(DataModule.Tokens, wanted, cancellationToken);
        return new(found.Select(token => (token.Owner, (Token)Canonical.FromJson(token.Body, typeof(Token)))));
    }

    /// <summary>
    /// The parties owning a token an entry of <paramref name="location"/>'s <c>publish_allowed_to</c> matches. Entries
    /// name tokens (drivers), never parties: a token the hub does not hold makes nobody a reader.
    /// </summary>
    public IReadOnlySet<PartyKey> OwnersFor(Location location)
    {
        var owners = new HashSet<PartyKey>();
        foreach (var allowed in location.PublishAllowedTo ?? [])
        {
            if (Visibility.NameOf(allowed) is not { } name)
                continue;
            foreach (var (owner, token) in byName[name])
            {
                if (Visibility.Matches(allowed, token))
                    owners.Add(owner);
            }
        }
        return owners;
    }
}
