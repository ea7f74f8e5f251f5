using OcpiHub.Protocol.Common;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using V230Credentials = OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V211;

// Credentials: a 2.1.1 connection speaks for one party, with no role; 2.2.1+ lists the roles of a platform.
// The role comes from, and goes to, the context (OwnerRole; the party is Owner).
public static partial class Translator
{
    public static V230Credentials.Credentials ToCanonical(Credentials credentials, TranslationContext context) => new()
    {
        Token = credentials.Token,
        Url = credentials.Url,
        Roles =
        [
            new V230Credentials.CredentialsRole
            {
                Role = context.OwnerRole,
                BusinessDetails = credentials.BusinessDetails,
                PartyId = credentials.PartyId,
                CountryCode = credentials.CountryCode,
            },
        ],
        Extensions = credentials.Extensions,
    };

    /// <summary>
    /// The role of the context's party (Owner and OwnerRole, as far as they are known; otherwise the first role)
    /// becomes the 2.1.1 party; the other roles and the hub party id are reported.
    /// </summary>
    public static Credentials FromCanonical(V230Credentials.Credentials credentials, TranslationContext context)
    {
        context.Drop(credentials.HubPartyId, nameof(V230Credentials.Credentials), "hub_party_id", To, "dropped: 2.1.1 has no hubs");
        var roles = credentials.Roles ?? [];
        var chosen = roles.FirstOrDefault(r => IsContextParty(r, context)) ?? roles.FirstOrDefault();
        var others = roles.Where(r => !ReferenceEquals(r, chosen)).ToArray();
        if (others.Length > 0)
            context.Lost(nameof(V230Credentials.Credentials), "roles", OcpiVersion.V230, To,
                $"{string.Join(", ", others.Select(r => $"{r.Role} {r.CountryCode}*{r.PartyId}"))} dropped: a 2.1.1 connection speaks for one party");
        return new()
        {
            Token = credentials.Token,
            Url = credentials.Url,
            BusinessDetails = chosen?.BusinessDetails,
            PartyId = chosen?.PartyId,
            CountryCode = chosen?.CountryCode,
            Extensions = Carry.Strip(credentials.Extensions),
        };
    }

    private static bool IsContextParty(V230Credentials.CredentialsRole role, TranslationContext context) =>
        (context.OwnerRole is not { } ownerRole || role.Role == ownerRole)
        && (context.Owner is not { } owner
            || (string.Equals(role.CountryCode, owner.CountryCode, StringComparison.OrdinalIgnoreCase)
                && string.Equals(role.PartyId, owner.PartyId, StringComparison.OrdinalIgnoreCase)));
}
