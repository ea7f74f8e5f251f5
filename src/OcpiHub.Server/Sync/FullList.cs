using OcpiHub.Core.Platforms;

namespace OcpiHub.Server.Sync;

/// <summary>
/// The objects a full run's pages list, by owner and id, valid or not: OCPI reads a GET List's pages together as the
/// new truth, so what the owner's full list leaves out is no longer valid. <see cref="Whole"/> ends once an object
/// names no id or owner (what it left out cannot be told) or the pages stop on a repeated Link.
/// </summary>
internal sealed class FullList
{
    private readonly HashSet<string> listed = new(StringComparer.OrdinalIgnoreCase); // ids are CiStrings
    private readonly HashSet<PartyKey> owners = [];

    public bool Whole { get; private set; } = true;

    public void Add(PartyKey? owner, string? id)
    {
        if (owner is { } party && id is { Length: > 0 })
        {
            listed.Add(Name(party, id));
            owners.Add(party);
        }
        else
            Whole = false;
    }

    /// <summary>Lists every object of <paramref name="page"/>.</summary>
    public void AddAll(Onboarding.PartnerPage page, Data.DataShape shape, Protocol.OcpiVersion version, IReadOnlyList<PartyKey> platformOwners)
    {
        foreach (var item in page.Items)
        {
            var (owner, ids) = SyncRunner.OwnerAndIds(item, shape, version, platformOwners);
            Add(owner, ids[0]);
        }
    }

    /// <summary>Whether the list names anything of <paramref name="owner"/>.</summary>
    public bool Names(PartyKey owner) => owners.Contains(owner);

    public void Unfinished() => Whole = false;

    public bool Lists(PartyKey owner, string id) => listed.Contains(Name(owner, id));

    private static string Name(PartyKey owner, string id) => $"{owner}/{id}";
}
