using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.Translation;

/// <summary>A party: country code and party id.</summary>
public sealed record PartyRef(string CountryCode, string PartyId)
{
    public override string ToString() => $"{CountryCode}*{PartyId}";
}

/// <summary>
/// What the hub knows that an older version moved out of an object: 2.1.1 Sessions and CDRs embed a Location
/// where 2.2.1+ carry ids, 2.1.1 has no token owner, and a 2.1.1 connector names one tariff where 2.2.1+ name one
/// of each type. The hub answers from its store.
/// </summary>
public interface ITranslationLookup
{
    Location? FindLocation(PartyRef owner, string locationId);

    /// <summary>The tariff <paramref name="owner"/> holds as <paramref name="tariffId"/>, or null when the hub holds none.</summary>
    Tariff? FindTariff(PartyRef owner, string tariffId);

    /// <summary>The tokens a 2.1.1 <c>auth_id</c> (= 2.2.1+ <c>contract_id</c>) names, with their owners: one contract may have several cards.</summary>
    IReadOnlyList<Token> FindTokensByContractId(string contractId);
}

/// <summary>
/// The surroundings of one translation: the owner of the object where the older version does not carry it
/// (2.1.1 objects have no <c>country_code</c>/<c>party_id</c>), the hub's store for moved data, and the losses.
/// </summary>
public sealed class TranslationContext
{
    public TranslationContext(PartyRef? owner = null, ITranslationLookup? lookup = null)
    {
        Owner = owner;
        Lookup = lookup;
    }

    public PartyRef? Owner { get; }
    public ITranslationLookup? Lookup { get; }

    /// <summary>
    /// The object is a PATCH body: absent fields stay unchanged at the receiver, so a translation must not
    /// invent defaults for fields the target version requires (a full object gets them).
    /// </summary>
    public bool IsPatch { get; init; }

    /// <summary>
    /// The instant the translated object is sent or served at, for what depends on time (the tariff a 2.1.1
    /// connector names must be valid now); null: unknown, time is not taken into account.
    /// </summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// The role the owner plays on this connection, where an older version leaves it implicit: a 2.1.1
    /// connection is with one CPO or one eMSP (its credentials and endpoints carry no role).
    /// </summary>
    public Enums.Role? OwnerRole { get; init; }

    private readonly List<TranslationLoss> losses = [];
    public IReadOnlyList<TranslationLoss> Losses => losses;

    public void Lost(string objectName, string field, OcpiVersion from, OcpiVersion to, string what) =>
        losses.Add(new(objectName, field, from, to, what));

    /// <summary>
    /// Reports a canonical field the target version cannot carry, if it has a value (a non-empty list counts, an
    /// empty one does not), and returns nothing so the caller can write <c>_ = context.Drop(…)</c> inline.
    /// </summary>
    public void Drop(object? value, string objectName, string field, OcpiVersion to, string what)
    {
        if (value is null || value is System.Collections.ICollection { Count: 0 })
            return;
        Lost(objectName, field, OcpiVersion.V230, to, what);
    }
}
