using OcpiHub.Protocol.Enums;
using OcpiHub.Protocol.Translation;
using OcpiHub.Protocol.V230;

namespace OcpiHub.Protocol.V221;

// Tokens: the 2.2.1 Token is the 2.3.0 type; only the EMAID token type is new in 2.3.0.
public static partial class Translator
{
    public static Token ToCanonical(Token token, TranslationContext context) => token;

    public static Token FromCanonical(Token token, TranslationContext context) => token with
    {
        // TokenType is open: an EMAID token keeps its type (it identifies the token with its uid), reported.
        Type = EnumTranslation.Down(token.Type, To, context, nameof(Token), "type"),
        Extensions = Carry.Strip(token.Extensions),
    };
}
