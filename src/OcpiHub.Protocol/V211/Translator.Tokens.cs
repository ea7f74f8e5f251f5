using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;

namespace OcpiHub.Protocol.V211;

// Tokens: 2.1.1 names the contract auth_id and carries no owner; the owner comes from the context.
public static partial class Translator
{
    public static V230.Token ToCanonical(Token token, TranslationContext context) => new()
    {
        CountryCode = context.Owner?.CountryCode,
        PartyId = context.Owner?.PartyId,
        Uid = token.Uid,
        Type = token.Type,
        ContractId = token.AuthId,
        VisualNumber = token.VisualNumber,
        Issuer = token.Issuer,
        Valid = token.Valid,
        Whitelist = token.Whitelist,
        Language = token.Language,
        LastUpdated = token.LastUpdated,
        Extensions = token.Extensions,
    };

    public static Token FromCanonical(V230.Token token, TranslationContext context)
    {
        context.Drop(token.GroupId, nameof(Token), "group_id", To, "dropped: 2.1.1 has no token groups");
        context.Drop(token.DefaultProfileType, nameof(Token), "default_profile_type", To, "dropped: 2.1.1 has no smart charging");
        context.Drop(token.EnergyContract, nameof(Token), "energy_contract", To, "dropped: 2.1.1 has no energy contracts");
        return new()
        {
            Uid = token.Uid,
            Type = EnumTranslation.Down(token.Type, To, context, nameof(Token), "type", TokenType.Other),
            AuthId = token.ContractId,
            VisualNumber = token.VisualNumber,
            Issuer = token.Issuer,
            Valid = token.Valid,
            Whitelist = token.Whitelist,
            Language = token.Language,
            LastUpdated = token.LastUpdated,
            Extensions = Carry.Strip(token.Extensions),
        };
    }

    public static V230.LocationReferences ToCanonical(LocationReferences references, TranslationContext context) => new()
    {
        LocationId = references.LocationId,
        EvseUids = references.EvseUids,
        Extensions = Carry.Up(references.Extensions, To, ("connector_ids", Carry.Node(references.ConnectorIds, To))),
    };

    public static LocationReferences FromCanonical(V230.LocationReferences references, TranslationContext context) => new()
    {
        LocationId = references.LocationId,
        EvseUids = references.EvseUids,
        ConnectorIds = Carry.Read<IReadOnlyList<string>>(Carry.Of(references.Extensions, To), "connector_ids", To),
        Extensions = Carry.Strip(references.Extensions),
    };

    /// <summary>
    /// 2.1.1 AuthorizationInfo has no token: the canonical one needs the token the authorization was asked for,
    /// which the caller (who routed the request) knows.
    /// </summary>
    public static V230.AuthorizationInfo ToCanonical(AuthorizationInfo info, V230.Token? token, TranslationContext context) => new()
    {
        Allowed = info.Allowed,
        Token = token,
        Location = info.Location is null ? null : ToCanonical(info.Location, context),
        Info = info.Info,
        Extensions = info.Extensions,
    };

    public static AuthorizationInfo FromCanonical(V230.AuthorizationInfo info, TranslationContext context)
    {
        context.Drop(info.AuthorizationReference, nameof(AuthorizationInfo), "authorization_reference", To,
            "dropped: a 2.1.1 CPO cannot echo it in its Session and CDR");
        return new()
        {
            Allowed = info.Allowed,
            Location = info.Location is null ? null : FromCanonical(info.Location, context),
            Info = info.Info,
            Extensions = Carry.Strip(info.Extensions),
        };
    }
}
