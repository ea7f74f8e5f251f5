using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Core.Data;

/// <summary>
/// Who may get an object the hub holds, whether it is pushed to them or they pull it (pages and single GETs):
/// one rule for both paths. Published Locations and untyped or REGULAR Tariffs are for every reader. An
/// unpublished Location (<c>publish</c> = false) is for the owners of the tokens its <c>publish_allowed_to</c>
/// names, and only where the reader's version can honour the restriction (2.2.1+: a 2.1.1 eMSP would show it to
/// all its drivers). A Tariff a 2.1.1 eMSP would apply to every session (ad hoc, charging profile) is not for it, nor
/// one of reservation elements alone (nothing of it is left in 2.1.1).
/// </summary>
public static class Visibility
{
    /// <summary>
    /// Whether <paramref name="reader"/>, reading in <paramref name="version"/>, may see <paramref name="location"/>;
    /// <paramref name="ownersOfAllowedTokens"/> are the parties owning a token that one of its
    /// <c>publish_allowed_to</c> entries matches (<see cref="Matches"/>), as far as the hub knows their tokens.
    /// </summary>
    public static bool Shows(Location location, OcpiVersion version, PartyKey reader, IReadOnlySet<PartyKey> ownersOfAllowedTokens) =>
        location.Publish != false || (version != OcpiVersion.V211 && ownersOfAllowedTokens.Contains(reader));

    /// <summary>Whether a reader of <paramref name="version"/> may see <paramref name="tariff"/>.</summary>
    public static bool Shows(Tariff tariff, OcpiVersion version) =>
        version != OcpiVersion.V211 || (Protocol.V211.Translator.AppliesToEverySession(tariff) && Protocol.V211.Translator.HasElementsFor211(tariff));

    /// <summary>
    /// Whether <paramref name="token"/> matches all the set fields of <paramref name="allowed"/> (OCPI 2.2.1
    /// PublishTokenType). An entry with none of <c>uid</c>, <c>visual_number</c>, <c>group_id</c> matches nothing.
    /// </summary>
    public static bool Matches(PublishTokenType allowed, Token token) =>
        (allowed.Uid is not null || allowed.VisualNumber is not null || allowed.GroupId is not null)
        && SameCiString(allowed.Uid, token.Uid)
        && (allowed.Type is not { } type || type == token.Type)
        && (allowed.VisualNumber is null || allowed.VisualNumber == token.VisualNumber)
        && (allowed.Issuer is null || allowed.Issuer == token.Issuer)
        && SameCiString(allowed.GroupId, token.GroupId);

    private static bool SameCiString(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
