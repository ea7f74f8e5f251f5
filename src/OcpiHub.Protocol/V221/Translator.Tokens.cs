using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Tokens: the 2.2.1 Token, AuthorizationInfo and LocationReferences are the 2.3.0 types; only the EMAID token type
// is new in 2.3.0. Going down, an AuthorizationInfo's token goes through the Token translator.
public static partial class Translator
{
    public static Token ToCanonical(Token token, TranslationContext context) => token;

    public static Token FromCanonical(Token token, TranslationContext context) => token with
    {
        Type = TokenTypeDown(token.Type, nameof(Token), context),
        Extensions = Carry.Strip(token.Extensions),
    };

    /// <summary>
    /// 2.2.1's TokenType is a closed enum (2.3.0 opened it and added EMAID): a type 2.2.1 lacks is sent as OTHER, reported.
    /// </summary>
    public static TokenType? TokenTypeDown(TokenType? type, string objectName, TranslationContext context) =>
        EnumTranslation.Down(type, To, context, objectName, "type", TokenType.Other);

    public static LocationReferences ToCanonical(LocationReferences references, TranslationContext context) => references;

    public static LocationReferences FromCanonical(LocationReferences references, TranslationContext context) =>
        references with { Extensions = Carry.Strip(references.Extensions) };

    public static AuthorizationInfo ToCanonical(AuthorizationInfo info, TranslationContext context) => info;

    public static AuthorizationInfo FromCanonical(AuthorizationInfo info, TranslationContext context) => info with
    {
        Token = info.Token is null ? null : FromCanonical(info.Token, context),
        Location = info.Location is null ? null : FromCanonical(info.Location, context),
        Extensions = Carry.Strip(info.Extensions),
    };
}
