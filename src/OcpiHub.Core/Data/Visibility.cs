using OcpiHub.Core.Platforms;
using OcpiHub.Protocol;
using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Core.Data;

/// <summary>
/// Who may get an object the hub holds, whether it is pushed to them or they pull it (pages and single GETs):
/// one rule for both paths. Published Locations and untyped or REGULAR Tariffs are for every reader. An
/// unpublished Location (<c>publish</c> = false) is for the owners of the tokens its <c>publish_allowed_to</c>
/// names, and only where the reader's version can honour the restriction (2.2.1+: a 2.1.1 eMSP would show it to
/// all its drivers). A Tariff a 2.1.1 eMSP would apply to every session (ad hoc, charging profile) is not for it, nor
/// one of reservation elements alone (nothing of it is left in 2.1.1), nor one outside its validity period
/// (<c>start_date_time</c>, <c>end_date_time</c>): 2.1.1 has none, so its eMSP would apply a future tariff now and an
/// ended one for ever.
/// </summary>
public static class Visibility
{
    /// <summary>
    /// Whether <paramref name="reader"/>, reading in <paramref name="version"/>, may see <paramref name="location"/>;
    /// <paramref name="ownersOfAllowedTokens"/> are the parties owning a token that one of its
    /// <c>publish_allowed_to</c> entries matches (<see cref="Matches"/>), as far as the hub knows their tokens.
    /// </summary>
    public static bool Shows(Location location, OcpiVersion version, PartyKey reader, IReadOnlySet<PartyKey> ownersOfAllowedTokens) =>
        location.Publish != false || ShowsUnpublished(version, reader, ownersOfAllowedTokens);

    /// <summary>Whether <paramref name="reader"/> of <paramref name="version"/> may see an unpublished Location (<see cref="Shows(Location, OcpiVersion, PartyKey, IReadOnlySet{PartyKey})"/>).</summary>
    public static bool ShowsUnpublished(OcpiVersion version, PartyKey reader, IReadOnlySet<PartyKey> ownersOfAllowedTokens) =>
        version != OcpiVersion.V211 && ownersOfAllowedTokens.Contains(reader);

    /// <summary>
    /// Whether the stored Location <paramref name="body"/> (canonical JSON) may be unpublished, read from its text: the
    /// hub writes bodies compactly, so an unpublished one holds this text (a published one may too, in a partner's
    /// extension). Only those it holds are parsed for their audience, and only they are indexed as such.
    /// </summary>
    public static bool MayBeUnpublished(string body) => body.Contains("\"publish\":false", StringComparison.Ordinal);

    /// <summary>Whether a reader of <paramref name="version"/> may see <paramref name="tariff"/> at <paramref name="now"/>.</summary>
    public static bool Shows(Tariff tariff, OcpiVersion version, DateTimeOffset now) =>
        version != OcpiVersion.V211
        || Protocol.V211.Translator.IsFor211At(tariff, now);

    /// <summary>Whether <paramref name="at"/> lies in the tariff's validity period (<see cref="Protocol.V211.Translator.IsValidAt"/>).</summary>
    public static bool IsValidAt(Tariff tariff, DateTimeOffset at) => Protocol.V211.Translator.IsValidAt(tariff, at);

    /// <summary>Whether the tariff has a validity period, so that who may see it changes with time (<see cref="IsValidAt"/>).</summary>
    public static bool HasValidityPeriod(Tariff tariff) => tariff.StartDateTime is not null || tariff.EndDateTime is not null;

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

    /// <summary>
    /// The one field of <paramref name="allowed"/> candidate tokens are found by (every set field must match them):
    /// <c>uid</c>, else <c>visual_number</c>, else <c>group_id</c>; null when it has none.
    /// </summary>
    public static (string Field, string Value)? IdentifyingField(PublishTokenType allowed) => allowed switch
    {
        { Uid: { } uid } => ("uid", uid),
        { VisualNumber: { } visualNumber } => ("visual_number", visualNumber),
        { GroupId: { } groupId } => ("group_id", groupId),
        _ => null,
    };

    /// <summary>
    /// The tokens an unpublished <paramref name="location"/> names, each by its identifying field (<see cref="TokenName"/>):
    /// what the store indexes to find the Locations a token lets its owner see. None for a published one.
    /// </summary>
    public static IReadOnlyList<string> TokensNamedBy(Location location) => location.Publish != false ? [] : TokensNamedBy(location.PublishAllowedTo ?? []);

    /// <summary>The tokens the entries of a <c>publish_allowed_to</c> name (<see cref="TokensNamedBy(Location)"/>).</summary>
    public static IReadOnlyList<string> TokensNamedBy(IEnumerable<PublishTokenType> allowed) => [.. allowed.Select(NameOf).OfType<string>().Distinct()];

    /// <summary>The token an entry of <c>publish_allowed_to</c> names, by its identifying field (<see cref="TokensNamedBy(Location)"/>); null when it names none.</summary>
    public static string? NameOf(PublishTokenType allowed) => IdentifyingField(allowed) is { } field ? TokenName(field.Field, field.Value) : null;

    /// <summary>The names an entry of <c>publish_allowed_to</c> may give <paramref name="token"/> (<see cref="TokensNamedBy(Location)"/>).</summary>
    public static IReadOnlyList<string> NamesOf(Token token) =>
        [.. new[] { ("uid", token.Uid), ("visual_number", token.VisualNumber), ("group_id", token.GroupId) }
            .Where(f => f.Item2 is not null).Select(f => TokenName(f.Item1, f.Item2!))];

    /// <summary>What <see cref="Matches"/> reads of a token: a token that keeps it is allowed where it was.</summary>
    public static (string? Uid, TokenType? Type, string? VisualNumber, string? Issuer, string? GroupId) MatchedFields(Token token) =>
        (token.Uid?.ToUpperInvariant(), token.Type, token.VisualNumber, token.Issuer, token.GroupId?.ToUpperInvariant());

    /// <summary>A token's field and value as indexed, compared without case: <c>uid:ABC123</c>.</summary>
    private static string TokenName(string field, string value) => $"{field}:{value.ToUpperInvariant()}";

    private static bool SameCiString(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
